import { zoneSources } from './zone-sources.ts';
import { ZoneKind, type ZoneDefinition } from './zone-definition.ts';

/** Coca monitoring zones of the Huallaga basin, the central jungle and the north. */
export const northernCocaZones: readonly ZoneDefinition[] = [
  {
    id: 'huallaga',
    name: 'Huallaga',
    aliases: ['Alto Huallaga', 'Valle del Huallaga', 'Valle del Alto Huallaga'],
    kind: ZoneKind.monitoring,
    members: [
      ['1006', 'Leoncio Prado'],
      ['2210', 'Tocache'],
      ['100103', 'Chinchao'],
      ['100507', 'Monzón'],
      ['100702', 'Cholón'],
      ['220602', 'Campanilla'],
    ],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014} (Alto Huallaga and Monzón)`,
    approximation:
      'The upper Huallaga valley: Leoncio Prado and Tocache whole, plus the Monzón valley and the bordering ' +
      'districts of Huánuco, Marañón and Mariscal Cáceres provinces. A bare "Huallaga" is ambiguous with the ' +
      'province of San Martín of that name; "Alto Huallaga" names this zone.',
  },
  {
    id: 'bajo-huallaga',
    name: 'Bajo Huallaga',
    aliases: ['Huallaga Bajo'],
    kind: ZoneKind.monitoring,
    members: [
      ['160201', 'Yurimaguas'],
      ['160210', 'Santa Cruz'],
      ['160211', 'Teniente César López Rojas'],
      ['220503', 'Barranquita'],
      ['220504', 'Caynarachi'],
      ['220905', 'Chipurana'],
      ['220906', 'El Porvenir'],
      ['220907', 'Huimbayoc'],
      ['220911', 'Papaplaya'],
    ],
    source: zoneSources.devida2021,
    approximation:
      'The report gives the count of districts per province, not their names; we chose those provinces’ ' +
      'districts on the lower Huallaga river (unverified).',
  },
  {
    id: 'aguaytia',
    name: 'Aguaytía',
    aliases: ['Valle de Aguaytía', 'Padre Abad-Aguaytía'],
    kind: ZoneKind.monitoring,
    members: [['2503', 'Padre Abad']],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation: 'Padre Abad province (Ucayali) whole; the Aguaytía river valley lies within it.',
  },
  {
    id: 'pichis-palcazu-pachitea',
    name: 'Pichis-Palcazú-Pachitea',
    aliases: ['Pichis Palcazú Pachitea', 'PPP', 'Pichis-Palcazu'],
    kind: ZoneKind.monitoring,
    members: [
      ['190304', 'Palcazu'],
      ['190306', 'Puerto Bermúdez'],
      ['190308', 'Constitución'],
      ['1009', 'Puerto Inca'],
    ],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation: 'The three rivers’ districts of Oxapampa (Pasco) and Puerto Inca province (Huánuco) on the Pachitea, whole.',
  },
  {
    id: 'maranon',
    name: 'Marañón',
    aliases: ['Alto Marañón', 'Zona Marañón'],
    kind: ZoneKind.monitoring,
    members: [
      ['0102', 'Bagua'],
      ['0107', 'Utcubamba'],
      ['0606', 'Cutervo'],
      ['0608', 'Jaén'],
      ['0609', 'San Ignacio'],
    ],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation:
      'Low confidence. The provinces of Amazonas and Cajamarca along the middle Marañón, where those two ' +
      'departments’ coca lies; taken whole. A bare "Marañón" is ambiguous with the Huánuco province.',
  },
  {
    id: 'alto-chicama',
    name: 'Alto Chicama',
    aliases: ['Valle del Alto Chicama', 'Chicama Alto'],
    kind: ZoneKind.monitoring,
    members: [
      ['1306', 'Otuzco'],
      ['1311', 'Gran Chimú'],
    ],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation:
      'Otuzco and Gran Chimú provinces (La Libertad) whole: the upper Chicama basin, traditional coca for ' + 'chewing. Its coastal districts have none.',
  },
  {
    id: 'amazonas',
    name: 'Amazonas',
    aliases: ['Zona Amazonas'],
    kind: ZoneKind.monitoring,
    members: [['0104', 'Condorcanqui']],
    source: zoneSources.devida2024,
    approximation:
      'Low confidence: on the 2024 list, no district list found. Read as the coca of Amazonas department outside ' +
      'zone Marañón: Condorcanqui province (Nieva, El Cenepa, Río Santiago), the Awajún and Wampis lowlands on the ' +
      'Santiago and Cenepa rivers. Amazonas was one of the two departments whose coca grew in 2024 (+26 %). Not the ' +
      'department, which a bare "Amazonas" names for incidents; ambiguous for a survey.',
  },
];
