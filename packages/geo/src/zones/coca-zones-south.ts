import { zoneSources } from './zone-sources.ts';
import { ZoneKind, type ZoneDefinition } from './zone-definition.ts';

/** Coca monitoring zones of Cusco, Puno and Madre de Dios (VRAEM aside). */
export const southernCocaZones: readonly ZoneDefinition[] = [
  {
    id: 'la-convencion-lares',
    name: 'La Convención-Lares',
    aliases: ['La Convención y Lares', 'Valle de La Convención', 'La Convención Lares'],
    kind: ZoneKind.monitoring,
    members: [
      ['080901', 'Santa Ana'],
      ['080902', 'Echarate'],
      ['080903', 'Huayopata'],
      ['080904', 'Maranura'],
      ['080905', 'Ocobamba'],
      ['080906', 'Quellouno'],
      ['080908', 'Santa Teresa'],
      ['080909', 'Vilcabamba'],
      ['080914', 'Megantoni'],
      ['080915', 'Kumpirushiato'],
      ['080404', 'Lares'],
      ['080408', 'Yanatile'],
    ],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation:
      'La Convención province except its Apurímac-valley (VRAEM) districts, plus Lares and Yanatile of Calca. ' +
      'Echarate and Vilcabamba are in VRAEM too; Megantoni (lower Urubamba) has little coca but no other zone.',
  },
  {
    id: 'kosnipata',
    name: 'Kosñipata',
    aliases: ['Kcosñipata', 'Valle de Kosñipata'],
    kind: ZoneKind.monitoring,
    members: [['081106', 'Kosñipata']],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation: 'The district of the same name (Paucartambo, Cusco).',
  },
  {
    id: 'camanti',
    name: 'Camanti',
    aliases: [],
    kind: ZoneKind.monitoring,
    members: [['081203', 'Camanti']],
    source: zoneSources.devida2021,
    approximation: 'The district of the same name (Quispicanchi, Cusco), on the border with Madre de Dios.',
  },
  {
    id: 'inambari-tambopata',
    name: 'Inambari-Tambopata',
    aliases: ['Inambari Tambopata', 'Valle de Sandia'],
    kind: ZoneKind.monitoring,
    members: [['2112', 'Sandia']],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation:
      'Sandia province (Puno) whole. The coca lies in its yungas districts (San Juan del Oro, Yanahuaya, ' +
      'Alto Inambari, San Pedro de Putina Punco); the highland districts have almost none. Not the Inambari ' +
      'district or Tambopata province of Madre de Dios, which share the rivers’ names.',
  },
  {
    id: 'san-gaban',
    name: 'San Gabán',
    aliases: ['Valle de San Gabán'],
    kind: ZoneKind.monitoring,
    members: [['210309', 'San Gabán']],
    source: `${zoneSources.devida2022}; ${zoneSources.unodc2014}`,
    approximation: 'The district of the same name (Carabaya, Puno); slopes of neighbouring Ayapata are left out.',
  },
  {
    id: 'madre-de-dios',
    name: 'Madre de Dios',
    aliases: ['Zona Madre de Dios'],
    kind: ZoneKind.monitoring,
    members: [
      ['170102', 'Inambari'],
      ['1702', 'Manu'],
    ],
    source: zoneSources.devida2021,
    approximation:
      'Inambari district and Manu province, where the 2021 report found the coca; not the whole department. ' +
      'A bare "Madre de Dios" resolves to the department: name this zone by its id or "Zona Madre de Dios".',
  },
  {
    id: 'fitzcarrald',
    name: 'Fitzcarrald',
    aliases: ['Zona Fitzcarrald'],
    kind: ZoneKind.monitoring,
    members: [['170202', 'Fitzcarrald']],
    source: zoneSources.devida2024,
    approximation:
      'Low confidence: added to monitoring in 2024, no district list found. Fitzcarrald district (Manu, Madre de ' +
      'Dios), which zone Madre de Dios holds too; not Carlos Fermín Fitzcarrald province of Áncash, which a bare ' +
      '"Fitzcarrald" does not name.',
  },
  {
    id: 'tahuamanu',
    name: 'Tahuamanu',
    aliases: ['Zona Tahuamanu'],
    kind: ZoneKind.monitoring,
    members: [['1703', 'Tahuamanu']],
    source: zoneSources.devida2024,
    approximation:
      'Low confidence: on the 2024 list, no district list found. Tahuamanu province (Madre de Dios) whole, on the ' +
      'Brazil and Bolivia borders; Madre de Dios department went from 57 ha in 2020 to 1,013 ha in 2022 (DEVIDA, ' +
      'by department) outside the Inambari–Manu zone. A bare "Tahuamanu" is the province for incidents and ' +
      'ambiguous for a survey.',
  },
];
