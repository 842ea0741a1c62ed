// Jurisdictions the import understands: each country's regions (departments, states) with the time zone
// that governs calling hours there. A region the file spells differently ("Bogota", "BOGOTÁ D.C.") is
// matched accent- and case-insensitively; an unknown region falls back to the country's default zone.

export interface CountryInfo {
  code: string;
  name: string;
  defaultZone: string;
  defaultLocale: string;
  currency: string;
  /** region name -> IANA zone (the main one, for a region that spans several) */
  regions: Record<string, string>;
  /** regions that span zones -> every zone, the main one first */
  splitRegions?: Record<string, readonly string[]>;
  /**
   * The country spans zones so widely that its default zone says nothing about an address whose region
   * is missing or unknown: the phones decide then, and the default only when they say nothing either.
   */
  noZoneWithoutRegion?: boolean;
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

// United States: regions are the USPS codes, which is how compliance profiles name states ("US-MA").
// A state that spans two zones lists both, the one most people live in first: a state alone does not
// tell which side the debtor lives on.
const US_ET = 'America/New_York';
const US_CT = 'America/Chicago';
const US_MT = 'America/Denver';
const US_PT = 'America/Los_Angeles';
const US_STATES: Array<[code: string, name: string, zones: readonly string[]]> = [
  ['AL', 'Alabama', [US_CT]],
  ['AK', 'Alaska', ['America/Anchorage']], // the Aleutians west of 169.5°W (America/Adak) left out, as in nanp-zones.ts
  ['AZ', 'Arizona', ['America/Phoenix', US_MT]], // the Navajo Nation keeps daylight time
  ['AR', 'Arkansas', [US_CT]],
  ['CA', 'California', [US_PT]],
  ['CO', 'Colorado', [US_MT]],
  ['CT', 'Connecticut', [US_ET]],
  ['DE', 'Delaware', [US_ET]],
  ['DC', 'District of Columbia', [US_ET]],
  ['FL', 'Florida', [US_ET, US_CT]],
  ['GA', 'Georgia', [US_ET]],
  ['HI', 'Hawaii', ['Pacific/Honolulu']],
  ['ID', 'Idaho', [US_MT, US_PT]],
  ['IL', 'Illinois', [US_CT]],
  ['IN', 'Indiana', [US_ET, US_CT]],
  ['IA', 'Iowa', [US_CT]],
  ['KS', 'Kansas', [US_CT, US_MT]],
  ['KY', 'Kentucky', [US_ET, US_CT]],
  ['LA', 'Louisiana', [US_CT]],
  ['ME', 'Maine', [US_ET]],
  ['MD', 'Maryland', [US_ET]],
  ['MA', 'Massachusetts', [US_ET]],
  ['MI', 'Michigan', [US_ET, US_CT]],
  ['MN', 'Minnesota', [US_CT]],
  ['MS', 'Mississippi', [US_CT]],
  ['MO', 'Missouri', [US_CT]],
  ['MT', 'Montana', [US_MT]],
  ['NE', 'Nebraska', [US_CT, US_MT]],
  ['NV', 'Nevada', [US_PT]],
  ['NH', 'New Hampshire', [US_ET]],
  ['NJ', 'New Jersey', [US_ET]],
  ['NM', 'New Mexico', [US_MT]],
  ['NY', 'New York', [US_ET]],
  ['NC', 'North Carolina', [US_ET]],
  ['ND', 'North Dakota', [US_CT, US_MT]],
  ['OH', 'Ohio', [US_ET]],
  ['OK', 'Oklahoma', [US_CT]],
  ['OR', 'Oregon', [US_PT, US_MT]],
  ['PA', 'Pennsylvania', [US_ET]],
  ['RI', 'Rhode Island', [US_ET]],
  ['SC', 'South Carolina', [US_ET]],
  ['SD', 'South Dakota', [US_CT, US_MT]],
  ['TN', 'Tennessee', [US_CT, US_ET]],
  ['TX', 'Texas', [US_CT, US_MT]],
  ['UT', 'Utah', [US_MT]],
  ['VT', 'Vermont', [US_ET]],
  ['VA', 'Virginia', [US_ET]],
  ['WA', 'Washington', [US_PT]],
  ['WV', 'West Virginia', [US_ET]],
  ['WI', 'Wisconsin', [US_CT]],
  ['WY', 'Wyoming', [US_MT]],
  ['PR', 'Puerto Rico', ['America/Puerto_Rico']],
  ['VI', 'U.S. Virgin Islands', ['America/St_Thomas']],
  ['GU', 'Guam', ['Pacific/Guam']],
  ['MP', 'Northern Mariana Islands', ['Pacific/Saipan']],
  ['AS', 'American Samoa', ['Pacific/Pago_Pago']],
];

const allIn = (names: string[], zone: string): Record<string, string> => Object.fromEntries(names.map((n) => [n, zone]));

export const COUNTRIES: Record<string, CountryInfo> = {
  CO: { code: 'CO', name: 'Colombia', defaultZone: 'America/Bogota', defaultLocale: 'es-CO', currency: 'COP', regions: allIn(CO_REGIONS, 'America/Bogota') },
  MX: { code: 'MX', name: 'México', defaultZone: 'America/Mexico_City', defaultLocale: 'es-MX', currency: 'MXN', regions: MX_REGIONS },
  PE: { code: 'PE', name: 'Perú', defaultZone: 'America/Lima', defaultLocale: 'es-PE', currency: 'PEN', regions: allIn(PE_REGIONS, 'America/Lima') },
  CL: { code: 'CL', name: 'Chile', defaultZone: 'America/Santiago', defaultLocale: 'es-CL', currency: 'CLP', regions: { 'Magallanes': 'America/Punta_Arenas' } },
  EC: { code: 'EC', name: 'Ecuador', defaultZone: 'America/Guayaquil', defaultLocale: 'es-EC', currency: 'USD', regions: { 'Galápagos': 'Pacific/Galapagos' } },
  AR: { code: 'AR', name: 'Argentina', defaultZone: 'America/Argentina/Buenos_Aires', defaultLocale: 'es-AR', currency: 'ARS', regions: {} },
  ES: { code: 'ES', name: 'España', defaultZone: 'Europe/Madrid', defaultLocale: 'es-ES', currency: 'EUR', regions: { Canarias: 'Atlantic/Canary' } },
  US: {
    code: 'US',
    name: 'Estados Unidos',
    defaultZone: 'America/New_York',
    defaultLocale: 'en-US',
    currency: 'USD',
    regions: Object.fromEntries(US_STATES.map(([code, , zones]) => [code, zones[0]!])),
    splitRegions: Object.fromEntries(US_STATES.filter(([, , zones]) => zones.length > 1).map(([code, , zones]) => [code, zones])),
    noZoneWithoutRegion: true,
  },
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
  US: {
    ...Object.fromEntries(US_STATES.map(([code, name]) => [foldName(name), code])),
    'washington dc': 'DC', 'washington d c': 'DC', 'virgin islands': 'VI',
    // the Spanish names files from Spanish-speaking collection houses use
    'nueva york': 'NY', 'nueva jersey': 'NJ', 'nuevo mexico': 'NM', 'nuevo hampshire': 'NH', 'carolina del norte': 'NC',
    'carolina del sur': 'SC', 'dakota del norte': 'ND', 'dakota del sur': 'SD', 'virginia occidental': 'WV', 'luisiana': 'LA',
    'misisipi': 'MS', 'misuri': 'MO', 'pensilvania': 'PA', 'hawai': 'HI', 'tejas': 'TX', 'distrito de columbia': 'DC',
  },
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

/**
 * Every zone the debtor's address may be in, the main one first: the region's when known, else the
 * country's (none where the country spans zones too widely to guess, see noZoneWithoutRegion).
 */
export function regionZones(country: string, region: string | undefined): readonly string[] {
  const info = COUNTRIES[country];
  if (!info) return [];
  const canonical = region ? canonicalRegion(country, region) : undefined;
  if (canonical) {
    const zones = info.splitRegions?.[canonical] ?? (info.regions[canonical] ? [info.regions[canonical]] : undefined);
    if (zones) return zones;
  }
  return info.noZoneWithoutRegion ? [] : [info.defaultZone];
}

/** The main zone of the debtor's address (see regionZones). */
export function zoneForRegion(country: string, region: string | undefined): string | undefined {
  return regionZones(country, region)[0];
}
