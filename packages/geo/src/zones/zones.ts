import { administrativeZones } from './administrative-zones.ts';
import { amazonCocaZones } from './coca-zones-amazon.ts';
import { northernCocaZones } from './coca-zones-north.ts';
import { southernCocaZones } from './coca-zones-south.ts';
import { vraem } from './vraem.ts';
import type { ZoneDefinition } from './zone-definition.ts';

/** Every zone the gazetteer knows, monitoring zones first. */
export const zoneDefinitions: readonly ZoneDefinition[] = [vraem, ...southernCocaZones, ...northernCocaZones, ...amazonCocaZones, ...administrativeZones];
