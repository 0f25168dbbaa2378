import { ZoneKind, type ZoneDefinition } from './zone-definition.ts';

/**
 * Groupings people use as if they were departments but that have no UBIGEO
 * code. Lima is the case: INEI department 15 holds both the capital's province
 * (Lima Metropolitana, run by the Municipalidad Metropolitana) and nine other
 * provinces governed by the Gobierno Regional de Lima ("Lima Provincias").
 * Lima Metropolitana is exactly province 1501, so it is an alias of that
 * province (see aliases.ts); Lima Provincias is this zone.
 */
export const administrativeZones: readonly ZoneDefinition[] = [
  {
    id: 'lima-provincias',
    name: 'Lima Provincias',
    aliases: ['Lima Región', 'Región Lima', 'Provincias de Lima', 'Gobierno Regional de Lima'],
    kind: ZoneKind.administrative,
    members: [
      ['1502', 'Barranca'],
      ['1503', 'Cajatambo'],
      ['1504', 'Canta'],
      ['1505', 'Cañete'],
      ['1506', 'Huaral'],
      ['1507', 'Huarochirí'],
      ['1508', 'Huaura'],
      ['1509', 'Oyón'],
      ['1510', 'Yauyos'],
    ],
    source:
      'INEI department 15 without province 1501; the Gobierno Regional de Lima’s territory (Ley 27867, Ley ' +
      'Orgánica de Gobiernos Regionales, which gives Lima Metropolitana its own regime)',
    approximation: 'None: exactly the nine provinces.',
  },
];
