// Product codes (tarjeta_credito, as imports store them for segment rules) in words for people: scripts,
// SMS and the screen pop say "tarjeta de crédito", never the code.

const PRODUCT_LABELS: Record<string, { es: string; en: string }> = {
  tarjeta_credito: { es: 'tarjeta de crédito', en: 'credit card' },
  credito_consumo: { es: 'crédito de consumo', en: 'consumer loan' },
  libranza: { es: 'crédito de libranza', en: 'payroll loan' },
  microcredito: { es: 'microcrédito', en: 'microloan' },
  vehiculo: { es: 'crédito de vehículo', en: 'car loan' },
  telefonia: { es: 'servicio de telefonía', en: 'phone service' },
  hipotecario: { es: 'crédito hipotecario', en: 'mortgage' },
  servicios_publicos: { es: 'servicios públicos', en: 'utilities' },
};

/** The product in words for a locale ("es-CO", "en"); an unknown code reads as words (underscores become spaces). */
export function productLabel(code: string, locale: string): string {
  const lang = locale.toLowerCase().startsWith('en') ? 'en' : 'es';
  return PRODUCT_LABELS[code]?.[lang] ?? code.replace(/_/g, ' ');
}
