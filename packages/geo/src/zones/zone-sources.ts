/**
 * Citations shared by several zones. The coca monitoring reports name their
 * zones and map them; they do not publish district lists, so every coca zone
 * here is our reading of those maps and tables at district or province level.
 */
export const zoneSources = {
  devida2022: 'DEVIDA, Perú: Monitoreo de cultivos de coca 2022 (Lima, June 2023), superficie por zona de producción',
  devida2021:
    'DEVIDA, Perú: Monitoreo de cultivos de coca 2021 (2022), which added the zones Bajo Huallaga (nine ' +
    'districts: Alto Amazonas 3, Lamas 2, San Martín 4), Bajo Ucayali (Atalaya 3, Coronel Portillo 2), Camanti ' +
    'and Madre de Dios (Inambari and Manu)',
  devida2023:
    'DEVIDA, Perú: Monitoreo de cultivos de coca 2023 (Lima, June 2024): 92,784 ha, 21 zones where the 2022 ' +
    'report had 20 (as reported by InfoRegión, "Devida reporta más de 92 000 hectáreas de cultivo de narcoca en el país", ' +
    'June 2024)',
  devida2024:
    'DEVIDA, Perú: Monitoreo de cultivos de coca 2024 (Lima, June 2025): 89,755 ha in 24 zones of 13 departments, ' +
    'monitoring extended to Cotuhé and Tigre (Loreto) and Fitzcarrald (Madre de Dios) (as reported by InfoRegión, ' +
    '"Perú logra reducción de cultivos de coca con 3000 hectáreas menos", June 2025)',
  unodc2014: 'UNODC and DEVIDA, Perú: Monitoreo de cultivos de coca 2014 (July 2015), maps of coca density per zone',
} as const;
