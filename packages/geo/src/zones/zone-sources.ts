/**
 * Citations shared by several zones. The coca monitoring reports name their
 * zones and map them; they do not publish district lists, so every coca zone
 * here is our reading of those maps and tables at district or province level.
 */
export const zoneSources = {
  devida2022:
    'DEVIDA, Perú: Monitoreo de cultivos de coca 2022 (Lima, June 2023), superficie por zona de producción',
  devida2021:
    'DEVIDA, Perú: Monitoreo de cultivos de coca 2021 (2022), which added the zones Bajo Huallaga (nine ' +
    'districts: Alto Amazonas 3, Lamas 2, San Martín 4), Bajo Ucayali (Atalaya 3, Coronel Portillo 2), Camanti ' +
    'and Madre de Dios (Inambari and Manu)',
  unodc2014:
    'UNODC and DEVIDA, Perú: Monitoreo de cultivos de coca 2014 (July 2015), maps of coca density per zone',
} as const;
