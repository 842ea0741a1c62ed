// Jurisdictions the import understands: each country's regions (departments, states) with the time zone
// that governs calling hours there. A region the file spells differently ("Bogota", "BOGOTÁ D.C.") is
// matched accent- and case-insensitively; an unknown region falls back to the country's default zone.

export interface CountryInfo {
  code: string;
  name: string;
  defaultZone: string;
  defaultLocale: string;
  currency: string;
  /** region name -> IANA zone */
  regions: Record<string, string>;
}

const CO_REGIONS = [
  'Amazonas', 'Antioquia', 'Arauca', 'Atlántico', 'Bogotá D.C.', 'Bolívar', 'Boyacá', 'Caldas', 'Caquetá', 'Casanare',
  'Cauca', 'Cesar', 'Chocó', 'Córdoba', 'Cundinamarca', 'Guainía', 'Guaviare', 'Huila', 'La Guajira', 'Magdalena', 'Meta',
  'Nariño', 'Norte de Santander', 'Putumayo', 'Quindío', 'Risaralda', 'San Andrés y Providencia', 'Santander', 'Sucre',
  'Tolima', 'Valle del Cauca', 'Vaupés', 'Vichada',
];

const PE_REGIONS = [
  'Amazonas', 'Áncash', 'Apurímac', 'Arequipa', 'Ayacucho', 'Cajamarca', 'Callao', 'Cusco', 'Huancavelica', 'Huánuco', 'Ica',
  'Junín', 'La Libertad', 'Lambayeque', 'Lima', 'Loreto', 'Madre de Dios', 'Moquegua', 'Pasco', 'Piura', 'Puno',
  'San Martín', 'Tacna', 'Tumbes', 'Ucayali',
];

// Mexico spans several zones; since the 2022 reform most of the country keeps Central time all year.
const MX_REGIONS: Record<string, string> = {
  Aguascalientes: 'America/Mexico_City',
  'Baja California': 'America/Tijuana',
  'Baja California Sur': 'America/Mazatlan',
  Campeche: 'America/Merida',
  Chiapas: 'America/Mexico_City',
  Chihuahua: 'America/Chihuahua',
  'Ciudad de México': 'America/Mexico_City',
  Coahuila: 'America/Monterrey',
  Colima: 'America/Mexico_City',
  Durango: 'America/Monterrey',
  Guanajuato: 'America/Mexico_City',
  Guerrero: 'America/Mexico_City',
  Hidalgo: 'America/Mexico_City',
  Jalisco: 'America/Mexico_City',
  'Estado de México': 'America/Mexico_City',
  Michoacán: 'America/Mexico_City',
  Morelos: 'America/Mexico_City',
  Nayarit: 'America/Mazatlan',
  'Nuevo León': 'America/Monterrey',
  Oaxaca: 'America/Mexico_City',
  Puebla: 'America/Mexico_City',
  Querétaro: 'America/Mexico_City',
  'Quintana Roo': 'America/Cancun',
  'San Luis Potosí': 'America/Mexico_City',
  Sinaloa: 'America/Mazatlan',
  Sonora: 'America/Hermosillo',
  Tabasco: 'America/Mexico_City',
  Tamaulipas: 'America/Matamoros',
  Tlaxcala: 'America/Mexico_City',
  Veracruz: 'America/Mexico_City',
  Yucatán: 'America/Merida',
  Zacatecas: 'America/Mexico_City',
};

const allIn = (names: string[], zone: string): Record<string, string> => Object.fromEntries(names.map((n) => [n, zone]));

export const COUNTRIES: Record<string, CountryInfo> = {
  CO: { code: 'CO', name: 'Colombia', defaultZone: 'America/Bogota', defaultLocale: 'es-CO', currency: 'COP', regions: allIn(CO_REGIONS, 'America/Bogota') },
  MX: { code: 'MX', name: 'México', defaultZone: 'America/Mexico_City', defaultLocale: 'es-MX', currency: 'MXN', regions: MX_REGIONS },
  PE: { code: 'PE', name: 'Perú', defaultZone: 'America/Lima', defaultLocale: 'es-PE', currency: 'PEN', regions: allIn(PE_REGIONS, 'America/Lima') },
  CL: { code: 'CL', name: 'Chile', defaultZone: 'America/Santiago', defaultLocale: 'es-CL', currency: 'CLP', regions: { 'Magallanes': 'America/Punta_Arenas' } },
  EC: { code: 'EC', name: 'Ecuador', defaultZone: 'America/Guayaquil', defaultLocale: 'es-EC', currency: 'USD', regions: { 'Galápagos': 'Pacific/Galapagos' } },
  AR: { code: 'AR', name: 'Argentina', defaultZone: 'America/Argentina/Buenos_Aires', defaultLocale: 'es-AR', currency: 'ARS', regions: {} },
  ES: { code: 'ES', name: 'España', defaultZone: 'Europe/Madrid', defaultLocale: 'es-ES', currency: 'EUR', regions: { Canarias: 'Atlantic/Canary' } },
};

export const SUPPORTED_COUNTRIES = Object.keys(COUNTRIES);

/** Lower case, no accents, single spaces, no punctuation: "BOGOTÁ, D.C." and "bogota dc" compare equal. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.,]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ALIASES: Record<string, Record<string, string>> = {
  CO: { bogota: 'Bogotá D.C.', 'bogota dc': 'Bogotá D.C.', 'distrito capital': 'Bogotá D.C.', valle: 'Valle del Cauca', 'san andres': 'San Andrés y Providencia', guajira: 'La Guajira' },
  MX: { cdmx: 'Ciudad de México', df: 'Ciudad de México', 'distrito federal': 'Ciudad de México', mexico: 'Estado de México', edomex: 'Estado de México', 'coahuila de zaragoza': 'Coahuila', 'veracruz de ignacio de la llave': 'Veracruz', 'michoacan de ocampo': 'Michoacán' },
  PE: { 'lima metropolitana': 'Lima', ancash: 'Áncash' },
};

const folded = new Map<string, Map<string, string>>();
for (const [code, info] of Object.entries(COUNTRIES)) {
  const m = new Map<string, string>();
  for (const name of Object.keys(info.regions)) m.set(foldName(name), name);
  for (const [alias, name] of Object.entries(ALIASES[code] ?? {})) m.set(alias, name);
  folded.set(code, m);
}

/** The canonical spelling of a region, or undefined when the country has no such region on file. */
export function canonicalRegion(country: string, region: string): string | undefined {
  return folded.get(country)?.get(foldName(region));
}

/** The zone of the debtor's address: the region's when known, else the country's. */
export function zoneForRegion(country: string, region: string | undefined): string | undefined {
  const info = COUNTRIES[country];
  if (!info) return undefined;
  const canonical = region ? canonicalRegion(country, region) : undefined;
  return (canonical && info.regions[canonical]) || info.defaultZone;
}
