/**
 * The controllers every simulated cluster runs, in the order they see each store event.
 * Adding a controller is one file (a Controller, usually a StoreController) and one entry here.
 */
import type { ControllerContext } from './context.js';
import type { Controller } from './controller.js';
import { DataVolumeController } from './datavolume-controller.js';
import { GarbageCollector } from './garbage-collector.js';
import { NamespaceController } from './namespace-controller.js';
import { VmController } from './vm-controller.js';
import { VmiController } from './vmi-controller.js';

export type { Controller };

export const CONTROLLERS: readonly ((ctx: ControllerContext) => Controller)[] = [
  (ctx) => new GarbageCollector(ctx),
  (ctx) => new NamespaceController(ctx),
  (ctx) => new DataVolumeController(ctx),
  (ctx) => new VmController(ctx),
  (ctx) => new VmiController(ctx),
];
