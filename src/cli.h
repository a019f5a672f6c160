/*
 * cli: the command table, global options, dispatch, help and the one
 * place where errors are printed and exit codes chosen.
 */
#ifndef SK_CLI_H
#define SK_CLI_H

int cli_run(int argc, char **argv);

#endif
