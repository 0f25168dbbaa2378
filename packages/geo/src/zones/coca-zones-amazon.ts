import { zoneSources } from './zone-sources.ts';
import { ZoneKind, type ZoneDefinition } from './zone-definition.ts';

/** Coca monitoring zones of the lowland Amazon: Loreto and Ucayali. */
export const amazonCocaZones: readonly ZoneDefinition[] = [
  {
    id: 'putumayo',
    name: 'Putumayo',
    aliases: ['Cuenca del Putumayo', 'Bajo Putumayo'],
    kind: ZoneKind.monitoring,
    members: [['1608', 'Putumayo']],
    source: zoneSources.devida2022,
    approximation: 'Putumayo province (Loreto), created in 2014, whole: the Peruvian bank of the Putumayo river.',
  },
  {
    id: 'triple-frontera',
    name: 'Triple Frontera',
    aliases: ['Triple Frontera Perú-Colombia-Brasil', 'Tres Fronteras', 'Caballococha'],
    kind: ZoneKind.monitoring,
    members: [
      ['160401', 'Ramón Castilla'],
      ['160403', 'Yavari'],
    ],
    source: zoneSources.devida2022,
    approximation:
      'The two districts of Mariscal Ramón Castilla at the Peru–Colombia–Brazil border (Caballococha, Santa ' +
      'Rosa); the rest of the province is in Bajo Amazonas.',
  },
  {
    id: 'bajo-amazonas',
    name: 'Bajo Amazonas',
    aliases: ['Amazonas Bajo'],
    kind: ZoneKind.monitoring,
    members: [
      ['160104', 'Indiana'],
      ['160105', 'Las Amazonas'],
      ['160402', 'Pebas'],
      ['160404', 'San Pablo'],
    ],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014} (Caballococha)`,
    approximation:
      'The Amazon-river districts between Iquitos and the Triple Frontera; older reports included the Triple ' + 'Frontera districts in this zone.',
  },
  {
    id: 'contamana',
    name: 'Contamana',
    aliases: ['Zona Contamana'],
    kind: ZoneKind.monitoring,
    members: [
      ['160601', 'Contamana'],
      ['160603', 'Padre Márquez'],
      ['160606', 'Vargas Guerra'],
    ],
    source: zoneSources.devida2022,
    approximation: 'Contamana and its neighbouring districts of Ucayali province (Loreto).',
  },
  {
    id: 'calleria',
    name: 'Callería',
    aliases: ['Zona Callería'],
    kind: ZoneKind.monitoring,
    members: [['250101', 'Calleria']],
    source: zoneSources.devida2022,
    approximation: 'The district of the same name (Coronel Portillo, Ucayali).',
  },
  {
    id: 'bajo-ucayali',
    name: 'Bajo Ucayali',
    aliases: ['Ucayali Bajo'],
    kind: ZoneKind.monitoring,
    members: [
      ['250103', 'Iparia'],
      ['250104', 'Masisea'],
      ['250201', 'Raimondi'],
      ['250202', 'Sepahua'],
      ['250203', 'Tahuania'],
    ],
    source: zoneSources.devida2021,
    approximation:
      'The report gives district counts per province, not names; we chose those provinces’ districts on the ' +
      'Ucayali and lower Urubamba rivers (unverified).',
  },
  {
    id: 'yaguas',
    name: 'Yaguas',
    aliases: ['Cuenca del Yaguas', 'Río Yaguas'],
    kind: ZoneKind.monitoring,
    members: [['160804', 'Yaguas']],
    source: zoneSources.devida2024,
    approximation:
      'Low confidence: the 2024 list names the zone, but we found no district list. Yaguas district (Putumayo, ' +
      'Loreto), which holds the Yaguas river between the Putumayo and the Amazon; it lies inside zone Putumayo ' +
      'too. A bare "Yaguas" is the district; a survey must name the zone in its zone field.',
  },
  {
    id: 'cotuhe',
    name: 'Cotuhé',
    aliases: ['Cuenca del Cotuhé', 'Río Cotuhé'],
    kind: ZoneKind.monitoring,
    members: [['160401', 'Ramón Castilla']],
    source: zoneSources.devida2024,
    approximation:
      'Low confidence: added to monitoring in 2024, no district list found. The upper Cotuhé river, which flows ' +
      'east into Brazil north of the Amazon, lies in Ramón Castilla district (Mariscal Ramón Castilla, Loreto); ' +
      'we take the whole district, which Triple Frontera holds too.',
  },
  {
    id: 'tigre',
    name: 'Tigre',
    aliases: ['Cuenca del Tigre', 'Río Tigre'],
    kind: ZoneKind.monitoring,
    members: [['160303', 'Tigre']],
    source: zoneSources.devida2024,
    approximation:
      'Low confidence: added to monitoring in 2024, no district list found. Tigre district (Loreto province, ' +
      'Loreto) on the river of that name; the lower Tigre in Nauta and Parinari districts is left out. A bare ' +
      '"Tigre" is the district; a survey must name the zone in its zone field.',
  },
];
