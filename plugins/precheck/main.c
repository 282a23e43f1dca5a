/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - check_replication_precheck: the shared run with the precheck
 * plugin's parts (plugin.c). */
#include "config.h"
#include "precheck.h"

int main(int argc, char **argv)
{
	return plugin_main(&precheck_plugin, argc, argv);
}
