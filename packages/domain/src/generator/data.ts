// Vocabulary for synthetic portfolios: names, regions with their weight and telephone areas, products
// with their balance ranges. Numbers are realistic in shape (they pass libphonenumber-js and the
// document check digits) but invented.

export const FIRST_NAMES_F = [
  'María', 'Luz', 'Ana', 'Carmen', 'Rosa', 'Martha', 'Gloria', 'Claudia', 'Sandra', 'Patricia', 'Diana', 'Paola', 'Carolina',
  'Andrea', 'Natalia', 'Daniela', 'Valentina', 'Camila', 'Laura', 'Juliana', 'Lucía', 'Isabel', 'Elena', 'Beatriz', 'Adriana',
  'Marcela', 'Lorena', 'Verónica', 'Ximena', 'Guadalupe', 'Fernanda', 'Alejandra', 'Sofía', 'Gabriela', 'Mónica', 'Teresa',
  'Yolanda', 'Esperanza', 'Milagros', 'Rocío', 'Angélica', 'Liliana', 'Johana', 'Viviana', 'Catalina', 'Mariana', 'Jimena',
];
export const FIRST_NAMES_M = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Jesús', 'Miguel', 'Andrés', 'Diego', 'Felipe', 'Santiago', 'Sebastián',
  'Alejandro', 'Fernando', 'Ricardo', 'Javier', 'Manuel', 'Pedro', 'Francisco', 'Antonio', 'Rafael', 'Eduardo', 'Óscar',
  'Héctor', 'Julio', 'César', 'Mauricio', 'Hernán', 'Álvaro', 'Gustavo', 'Iván', 'Camilo', 'Esteban', 'Mateo', 'Nicolás',
  'Daniel', 'David', 'Raúl', 'Rubén', 'Víctor', 'Wilson', 'Jhon', 'Edwin', 'Armando', 'Alberto', 'Ernesto', 'Omar',
];
export const SURNAMES = [
  'García', 'Rodríguez', 'Martínez', 'López', 'González', 'Hernández', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores',
  'Rivera', 'Gómez', 'Díaz', 'Cruz', 'Morales', 'Reyes', 'Gutiérrez', 'Ortiz', 'Ramos', 'Vargas', 'Castillo', 'Jiménez',
  'Moreno', 'Romero', 'Herrera', 'Medina', 'Aguilar', 'Castro', 'Ruiz', 'Álvarez', 'Mendoza', 'Chávez', 'Rojas', 'Suárez',
  'Ospina', 'Restrepo', 'Cárdenas', 'Quintero', 'Salazar', 'Muñoz', 'Cortés', 'Valencia', 'Zapata', 'Mejía', 'Arango',
  'Quispe', 'Mamani', 'Huamán', 'Condori', 'Vásquez', 'Paredes', 'Espinoza', 'Delgado', 'Campos', 'Navarro', 'Silva',
  'Guerrero', 'Rincón', 'Peña', 'Cabrera', 'Acosta', 'Benítez', 'Fuentes', 'Ibarra', 'Lara', 'Núñez', 'Orozco', 'Sandoval',
];
export const EMAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com', 'yahoo.es', 'live.com'];

export interface RegionData {
  name: string;
  weight: number;
  /** national-number prefixes for landlines there (the generator appends digits to the right length) */
  landline?: Array<[prefix: string, length: number]>;
  /** national-number prefixes for mobiles, where they are geographic (Mexico) */
  mobile?: Array<[prefix: string, length: number]>;
  /** how the region is spelled in the file when it needs quoting in CSV */
  spelled?: string;
}

export interface CountryData {
  code: string;
  locale: string;
  currency: string;
  /** multiplies the COP-based balance ranges below */
  moneyScale: number;
  documentTypes: Array<[type: string, weight: number]>;
  mobilePrefixes: string[];
  mobileLength: number;
  regions: RegionData[];
}

const coLand = (p: string): Array<[string, number]> => [[p, 10]];

export const COUNTRY_DATA: Record<'CO' | 'MX' | 'PE', CountryData> = {
  CO: {
    code: 'CO',
    locale: 'es-CO',
    currency: 'COP',
    moneyScale: 1,
    documentTypes: [['CC', 94], ['CE', 5], ['PAS', 1]],
    mobilePrefixes: ['300', '301', '302', '304', '305', '310', '311', '312', '313', '314', '315', '316', '317', '318', '319', '320', '321', '322', '323', '350', '351'],
    mobileLength: 10,
    regions: [
      { name: 'Bogotá D.C.', spelled: 'Bogotá, D.C.', weight: 30, landline: coLand('6012') },
      { name: 'Antioquia', weight: 14, landline: coLand('6044') },
      { name: 'Valle del Cauca', weight: 10, landline: coLand('6023') },
      { name: 'Atlántico', weight: 6, landline: coLand('6053') },
      { name: 'Santander', weight: 5, landline: coLand('6076') },
      { name: 'Cundinamarca', weight: 6, landline: coLand('6018') },
      { name: 'Bolívar', weight: 4, landline: coLand('6056') },
      { name: 'Nariño', weight: 3, landline: coLand('6027') },
      { name: 'Córdoba', weight: 3, landline: coLand('6047') },
      { name: 'Tolima', weight: 3, landline: coLand('6082') },
      { name: 'Risaralda', weight: 2, landline: coLand('6063') },
      { name: 'Caldas', weight: 2, landline: coLand('6068') },
      { name: 'Huila', weight: 2, landline: coLand('6087') },
      { name: 'Meta', weight: 2, landline: coLand('6086') },
      { name: 'Norte de Santander', weight: 3, landline: coLand('6075') },
      { name: 'Boyacá', weight: 2, landline: coLand('6087') },
      { name: 'Magdalena', weight: 2, landline: coLand('6054') },
    ],
  },
  MX: {
    code: 'MX',
    locale: 'es-MX',
    currency: 'MXN',
    moneyScale: 1 / 220,
    documentTypes: [['CURP', 85], ['RFC', 10], ['PAS', 5]],
    mobilePrefixes: [],
    mobileLength: 10,
    regions: [
      { name: 'Ciudad de México', weight: 20, landline: [['55', 10]], mobile: [['55', 10], ['56', 10]] },
      { name: 'Estado de México', weight: 14, landline: [['722', 10]], mobile: [['55', 10], ['722', 10]] },
      { name: 'Jalisco', weight: 9, landline: [['33', 10]], mobile: [['33', 10]] },
      { name: 'Nuevo León', weight: 7, landline: [['81', 10]], mobile: [['81', 10]] },
      { name: 'Puebla', weight: 5, landline: [['222', 10]], mobile: [['222', 10]] },
      { name: 'Guanajuato', weight: 5, landline: [['477', 10]], mobile: [['477', 10]] },
      { name: 'Veracruz', weight: 5, landline: [['229', 10]], mobile: [['229', 10]] },
      { name: 'Baja California', weight: 4, landline: [['664', 10]], mobile: [['664', 10], ['686', 10]] },
      { name: 'Sonora', weight: 3, landline: [['662', 10]], mobile: [['662', 10]] },
      { name: 'Chihuahua', weight: 3, landline: [['614', 10]], mobile: [['614', 10], ['656', 10]] },
      { name: 'Sinaloa', weight: 3, landline: [['667', 10]], mobile: [['667', 10], ['669', 10]] },
      { name: 'Quintana Roo', weight: 2, landline: [['998', 10]], mobile: [['998', 10]] },
      { name: 'Yucatán', weight: 2, landline: [['999', 10]], mobile: [['999', 10]] },
      { name: 'Querétaro', weight: 2, landline: [['442', 10]], mobile: [['442', 10]] },
      { name: 'Coahuila', weight: 3, landline: [['844', 10]], mobile: [['844', 10], ['871', 10]] },
      { name: 'Tamaulipas', weight: 3, landline: [['899', 10]], mobile: [['899', 10], ['868', 10]] },
    ],
  },
  PE: {
    code: 'PE',
    locale: 'es-PE',
    currency: 'PEN',
    moneyScale: 1 / 1100,
    documentTypes: [['DNI', 96], ['CE', 3], ['PAS', 1]],
    mobilePrefixes: ['9'],
    mobileLength: 9,
    regions: [
      { name: 'Lima', weight: 45, landline: [['12', 8], ['13', 8], ['14', 8], ['17', 8]] },
      { name: 'Arequipa', weight: 6, landline: [['54', 8]] },
      { name: 'La Libertad', weight: 6, landline: [['44', 8]] },
      { name: 'Piura', weight: 6, landline: [['73', 8]] },
      { name: 'Lambayeque', weight: 4, landline: [['74', 8]] },
      { name: 'Cusco', weight: 4, landline: [['84', 8]] },
      { name: 'Junín', weight: 4, landline: [['64', 8]] },
      { name: 'Callao', weight: 4, landline: [['14', 8]] },
      { name: 'Áncash', weight: 3, landline: [['43', 8]] },
      { name: 'Cajamarca', weight: 3 },
      { name: 'Puno', weight: 3 },
      { name: 'Ica', weight: 3, landline: [['56', 8]] },
      { name: 'Loreto', weight: 2, landline: [['65', 8]] },
    ],
  },
};

export interface ProductData {
  code: string;
  weight: number;
  /** balance range in COP */
  min: number;
  max: number;
  /** months of the loan term; 0 for revolving credit */
  term: number;
  docs: 'statement' | 'contract' | 'invoice';
}

export const PRODUCTS: ProductData[] = [
  { code: 'tarjeta_credito', weight: 30, min: 300_000, max: 15_000_000, term: 0, docs: 'statement' },
  { code: 'credito_consumo', weight: 20, min: 1_000_000, max: 40_000_000, term: 36, docs: 'contract' },
  { code: 'libranza', weight: 12, min: 2_000_000, max: 60_000_000, term: 60, docs: 'contract' },
  { code: 'microcredito', weight: 10, min: 300_000, max: 5_000_000, term: 12, docs: 'contract' },
  { code: 'vehiculo', weight: 8, min: 10_000_000, max: 120_000_000, term: 60, docs: 'contract' },
  { code: 'telefonia', weight: 20, min: 30_000, max: 600_000, term: 0, docs: 'invoice' },
];

/** Share of accounts per days-past-due band: [min dpd, max dpd, weight]; 0..0 is preventive (not yet due). */
export const DPD_BANDS: Array<[number, number, number]> = [
  [0, 0, 15],
  [1, 30, 25],
  [31, 60, 15],
  [61, 90, 11],
  [91, 120, 8],
  [121, 360, 16],
  [361, 1500, 10],
];
