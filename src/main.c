/* scopekit: the command table lives in cli.c; main only hands over. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_run(argc, argv);
}
