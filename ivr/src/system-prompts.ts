// The words the built-in verbs say (identify, promise, menus, transfer, opt-out). A flow may replace any of
// them by defining a prompt with the same id; an admin may upload a recording for it like any prompt.
import type { LocalText } from './flows/types.js';

export const SYSTEM_PROMPTS = {
  'identify.askId': { es: 'Para proteger su información, marque su número de documento de identidad, seguido de la tecla numeral.', en: 'To protect your information, enter your national ID number, followed by the pound key.' },
  'identify.askBirthDate': { es: 'Ahora marque su fecha de nacimiento: dos dígitos para el día, dos para el mes y cuatro para el año.', en: 'Now enter your date of birth: two digits for the day, two for the month and four for the year.' },
  'identify.askLast4': { es: 'Ahora marque los últimos cuatro dígitos de su número de cuenta.', en: 'Now enter the last four digits of your account number.' },
  'identify.askEither': { es: 'Ahora marque su fecha de nacimiento, día, mes y año, o los últimos cuatro dígitos de su cuenta, seguido de la tecla numeral.', en: 'Now enter your date of birth, day, month and year, or the last four digits of your account, followed by the pound key.' },
  'identify.retry': { es: 'Los datos no coinciden. Intentemos de nuevo.', en: 'The details do not match. Let us try again.' },
  'identify.failed': { es: 'No fue posible verificar su identidad. Por su seguridad, la llamada terminará. Puede comunicarse con un asesor en horario hábil.', en: 'We could not verify your identity. For your security, this call will end. You can reach an agent during business hours.' },
  'identify.locked': { es: 'Se superó el número de intentos permitidos. Por su seguridad, intente más tarde o comuníquese con un asesor.', en: 'Too many attempts. For your security, please try later or contact an agent.' },
  'identify.ok': { es: 'Gracias, su identidad fue verificada.', en: 'Thank you, your identity has been verified.' },
  'menu.invalid': { es: 'Opción no válida.', en: 'That is not a valid option.' },
  'promise.noAccount': { es: 'No encontramos cuentas con saldo pendiente.', en: 'We found no accounts with a balance due.' },
  'promise.askDate': { es: 'Marque la fecha en que hará el pago: dos dígitos para el día y dos para el mes.', en: 'Enter the date you will pay: two digits for the day and two for the month.' },
  'promise.askAmount': { es: 'Marque el valor que pagará, sin centavos, seguido de la tecla numeral.', en: 'Enter the amount you will pay, without cents, followed by the pound key.' },
  'promise.readBack1': { es: 'Usted se compromete a pagar', en: 'You promise to pay' },
  'promise.readBack2': { es: 'el día', en: 'on' },
  'promise.confirm': { es: 'Para confirmar, marque 1. Para corregir, marque 2. Para cancelar, marque 3.', en: 'To confirm, press 1. To change it, press 2. To cancel, press 3.' },
  'promise.saved': { es: 'Su compromiso de pago quedó registrado. Muchas gracias.', en: 'Your promise to pay has been recorded. Thank you.' },
  'promise.badDate': { es: 'La fecha no es válida.', en: 'That date is not valid.' },
  'promise.datePast': { es: 'Esa fecha ya pasó.', en: 'That date has passed.' },
  'promise.dateTooFar': { es: 'La fecha más lejana que podemos aceptar es el', en: 'The latest date we can accept is' },
  'promise.amountLow': { es: 'El valor mínimo que podemos aceptar es', en: 'The minimum amount we can accept is' },
  'promise.amountHigh': { es: 'El valor supera su saldo, que es de', en: 'The amount is more than your balance, which is' },
  'promise.badAmount': { es: 'El valor no es válido.', en: 'That amount is not valid.' },
  'promise.gaveUp': { es: 'No fue posible registrar el compromiso.', en: 'We could not record the promise.' },
  'transfer.connecting': { es: 'Le comunicamos con un asesor. Por favor espere.', en: 'Connecting you to an agent. Please hold.' },
  'transfer.noAgent': { es: 'En este momento no hay asesores disponibles.', en: 'No agents are available right now.' },
  'optout.done': { es: 'Hemos registrado su solicitud. No volverá a recibir estas llamadas.', en: 'Your request has been recorded. You will not receive these calls again.' },
  'sms.sent': { es: 'Le enviamos un mensaje de texto con la información.', en: 'We have sent you a text message with the information.' },
  'sms.failed': { es: 'No fue posible enviar el mensaje de texto en este momento.', en: 'We could not send the text message right now.' },
} satisfies Record<string, LocalText & { en: string }>;

export type SystemPromptId = keyof typeof SYSTEM_PROMPTS;
