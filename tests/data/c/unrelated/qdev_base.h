/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _QDEV_H
#define _QDEV_H

/**
 * qdev_param - a tunable of the queue device
 * @name: the name of the tunable
 * @type: its type
 *
 * Supported types are:
 *	u8, u16, u32, u64
 *	flag: a bool, set with 0/1 or y/n.
 *	level: a u8 between 0 and 7.
 */
#define qdev_param(name, type) __qdev_param(name, type)

/**
 * qdev_stat - a counter of the queue device
 *
 * Counter kinds are:
 *	bytes, frames, drops
 */
#define qdev_stat(name, kind) __qdev_stat(name, kind)

#endif
