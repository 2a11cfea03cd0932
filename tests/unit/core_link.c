/* core_link.c — a program of the core alone (make check): every object of libcore.a is
 * linked in, so a call from the core up into the coder or the subcommands fails to link. */
int main(void)
{
	return 0;
}
