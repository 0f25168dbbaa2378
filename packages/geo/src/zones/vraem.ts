import { ZoneKind, type ZoneDefinition } from './zone-definition.ts';

/**
 * Valle de los ríos Apurímac, Ene y Mantaro: five departments, the largest
 * coca-growing and security-incident area of the country.
 */
export const vraem: ZoneDefinition = {
  id: 'vraem',
  name: 'VRAEM',
  aliases: ['VRAE', 'Valle de los Ríos Apurímac, Ene y Mantaro', 'Valle de los Ríos Apurímac y Ene', 'Valles de los Ríos Apurímac, Ene y Mantaro'],
  kind: ZoneKind.monitoring,
  members: [
    // Ayacucho: both provinces lie wholly in the ámbito.
    ['0504', 'Huanta'],
    ['0505', 'La Mar'],
    // Cusco, La Convención: the Apurímac-valley districts.
    ['080902', 'Echarate'],
    ['080907', 'Kimbiri'],
    ['080909', 'Vilcabamba'],
    ['080910', 'Pichari'],
    ['080911', 'Inkawasi'],
    ['080912', 'Villa Virgen'],
    ['080913', 'Villa Kintiarina'],
    ['080916', 'Cielo Punco'],
    ['080917', 'Manitea'],
    ['080918', 'Unión Ashaninka'],
    // Junín: Satipo (Ene and Tambo rivers) and the Mantaro-side districts.
    ['1206', 'Satipo'],
    ['120124', 'Pariahuanca'],
    ['120135', 'Santo Domingo de Acobamba'],
    ['120203', 'Andamarca'],
    // Huancavelica: the Mantaro-valley districts of Tayacaja and Churcampa.
    ['090705', 'Colcabamba'],
    ['090707', 'Huachocolpa'],
    ['090714', 'Salcabamba'],
    ['090715', 'Salcahuasi'],
    ['090716', 'San Marcos de Rocchac'],
    ['090717', 'Surcubamba'],
    ['090718', 'Tintay Puncu'],
    ['090719', 'Quichuas'],
    ['090720', 'Andaymarca'],
    ['090721', 'Roble'],
    ['090722', 'Pichos'],
    ['090723', 'Santiago de Tucuma'],
    ['090724', 'Lambras'],
    ['090725', 'Cochabamba'],
    ['090503', 'Chinchihuasi'],
    ['090507', 'Paucarbamba'],
    ['090509', 'San Pedro de Coris'],
    ['090510', 'Pachamarca'],
    ['090511', 'Cosme'],
    // Apurímac: the Apurímac- and Pampas-river districts of Andahuaylas and Chincheros.
    ['030202', 'Andarapa'],
    ['030208', 'Pacobamba'],
    ['030219', 'Kaquiabamba'],
    ['030604', 'Huaccana'],
    ['030605', 'Ocobamba'],
    ['030606', 'Ongoy'],
    ['030609', 'Rocchacc'],
    ['030610', 'El Porvenir'],
    ['030611', 'Los Chankas'],
  ],
  source:
    'Ámbito de intervención directa y de influencia del VRAEM, Decreto Supremo N.° 040-2016-PCM (69 districts ' +
    'in Apurímac, Ayacucho, Cusco, Huancavelica and Junín), the ámbito of the Estrategia VRAEM 2021 approved by ' +
    'Decreto Supremo N.° 102-2018-PCM; DEVIDA, Monitoreo de cultivos de coca (annual) reports the zone on it.',
  approximation:
    'Reconstructed from the decree’s province and district names, not copied from its annex. Huanta, La Mar ' +
    'and Satipo are taken whole. Districts created after 2016 (Putis, Oronccoy, Río Magdalena, Unión Progreso, ' +
    'Ninabamba, Patibamba, Cielo Punco, Manitea, Unión Asháninka, Vizcatán del Ene, Santiago de Tucuma, ' +
    'Lambras, Cochabamba, Los Chankas) are members on the assumption that they were carved out of ámbito ' +
    'districts (not checked one by one). Echarate and Vilcabamba are also in La Convención-Lares: they span ' +
    'both valleys. Check against the annex before publishing district-level VRAEM figures.',
};
