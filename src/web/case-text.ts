import { type Lang, type Localized, pick } from '../rules/i18n';

/**
 * The words of the case worker's desk (saved cases, applications, places, dates, print), in Spanish
 * and English, in the style of text.ts (kept apart so they can move into the message catalogue whole).
 */
const CASE_TEXT = {
  saveCase: { es: 'Guardar caso', en: 'Save case' },
  casesTitle: { es: 'Casos guardados', en: 'Saved cases' },
  casesLead: {
    es: 'Los grupos que usted guardó, del más reciente al más antiguo. Abra uno para ver sus resultados y solicitudes.',
    en: 'The groups you saved, most recent first. Open one to see its results and applications.',
  },
  casesSearch: { es: 'Buscar por nombre', en: 'Search by name' },
  casesSearchSubmit: { es: 'Buscar', en: 'Search' },
  casesNone: { es: 'No hay casos guardados.', en: 'No saved cases.' },
  casesNoneFound: { es: 'Ningún caso guardado se llama así.', en: 'No saved case has that name.' },
  caseUnnamed: { es: 'Grupo sin nombre', en: 'Unnamed group' },
  caseUpdated: { es: 'modificado el {date}', en: 'changed on {date}' },
  caseTitle: { es: 'Caso: {name}', en: 'Case: {name}' },
  caseSaved: {
    es: 'Caso guardado. Su dirección permanente es esta página; la encontrará también en «Casos guardados».',
    en: 'Case saved. This page is its permanent address; it is also listed under "Saved cases".',
  },
  formAlreadySaved: {
    es: 'Este formulario ya se guardó como caso con otros datos; ábralo en «Casos guardados» y cámbielo ahí.',
    en: 'This form was already saved as a case with other data; open it under "Saved cases" and change it there.',
  },
  caseNotFound: { es: 'No existe ese caso', en: 'No such case' },
  caseNotFoundMessage: {
    es: 'No hay un caso guardado con esa dirección. Búsquelo en la lista de casos guardados.',
    en: 'There is no saved case at that address. Look for it in the list of saved cases.',
  },
  navCases: { es: 'Casos guardados', en: 'Saved cases' },
  newCase: { es: 'Nuevo caso', en: 'New case' },
  keptAfterSignIn: {
    es: 'Su sesión había vencido. Lo que escribió se conservó: revíselo y vuelva a enviarlo.',
    en: 'Your session had expired. What you typed was kept: check it and send it again.',
  },
  keptOnSignIn: {
    es: 'Su sesión venció antes de enviar el formulario. Inicie sesión: lo que escribió se conserva.',
    en: 'Your session expired before the form was sent. Sign in: what you typed is kept.',
  },
  switchLanguageKeeps: { es: 'English (conserva los datos)', en: 'Español (conserva los datos)' },
  nothingInForce: {
    es: 'Ningún programa que Vincula evalúa estaba vigente el {asOf}: todos aparecerán como no vigentes.',
    en: 'No programme Vincula evaluates was in force on {asOf}: all of them will show as not in force.',
  },
  useDate: { es: 'Consultar al {date}', en: 'Check as of {date}' },
  // places
  municipalityAmbiguous: {
    es: 'Varios municipios se llaman así; elija uno de la lista: {names}',
    en: 'Several municipalities have that name; choose one from the list: {names}',
  },
  municipalityUnknown: {
    es: 'Ningún municipio se llama exactamente así. ¿Quiso decir: {names}?',
    en: 'No municipality has exactly that name. Did you mean: {names}?',
  },
  municipalityNone: {
    es: 'Ningún municipio se llama así; escriba el nombre como aparece en la lista o la clave INEGI de cinco dígitos.',
    en: 'No municipality has that name; type the name as the list shows it or the five-digit INEGI code.',
  },
  marginalisationOf: {
    es: '{place}: grado de marginación {degree} (CONAPO 2015)',
    en: '{place}: degree of marginalisation {degree} (CONAPO 2015)',
  },
  // applications
  applicationsTitle: { es: 'Solicitudes', en: 'Applications' },
  applicationsNone: {
    es: 'Este caso aún no tiene solicitudes. Desde un programa elegible puede presentar una.',
    en: 'This case has no applications yet. You can submit one from an eligible programme.',
  },
  applicationsSaveFirst: {
    es: 'Guarde el caso para presentar solicitudes desde los programas elegibles.',
    en: 'Save the case to submit applications from the eligible programmes.',
  },
  applyFor: { es: 'Presentar solicitud: {support}', en: 'Submit an application: {support}' },
  applyCall: { es: 'Convocatoria', en: 'Call' },
  applyNoCall: { es: 'Sin convocatoria', en: 'No call' },
  applyAmount: {
    es: 'Monto solicitado (opcional, hasta el máximo)',
    en: 'Amount requested (optional, up to the maximum)',
  },
  applyAmountRequired: { es: 'Monto solicitado', en: 'Amount requested' },
  submitDraft: { es: 'Presentar esta solicitud', en: 'Submit this application' },
  applicationSubmitted: { es: 'Solicitud presentada.', en: 'Application submitted.' },
  applicationDraftKept: {
    es: 'La solicitud quedó como borrador y no se presentó: {reason}',
    en: 'The application was kept as a draft and not submitted: {reason}',
  },
  applicationRefused: {
    es: 'No se pudo crear la solicitud: {reason}',
    en: 'The application could not be created: {reason}',
  },
  reasonNotEligible: {
    es: 'según las reglas, el grupo no es elegible para ese apoyo en la fecha de la consulta, o ya tiene un programa que lo excluye este año.',
    en: 'by the rules, the group is not eligible for that support on the date of the check, or already holds a programme that excludes it this year.',
  },
  reasonDuplicate: {
    es: 'el grupo ya tiene una solicitud para ese apoyo.',
    en: 'the group already has an application for that support.',
  },
  reasonInvalid: {
    es: 'los datos de la solicitud no son válidos (revise el monto).',
    en: 'the application is not valid (check the amount).',
  },
  reasonChanged: {
    es: 'la solicitud cambió de estado mientras tanto; vuelva a cargar la página.',
    en: 'the application changed state meanwhile; reload the page.',
  },
  applicationSupport: { es: 'Apoyo', en: 'Support' },
  applicationAmount: { es: 'Monto', en: 'Amount' },
  applicationState: { es: 'Estado', en: 'State' },
  applicationHistory: { es: 'Historial', en: 'History' },
  state_draft: { es: 'borrador', en: 'draft' },
  state_submitted: { es: 'presentada', en: 'submitted' },
  state_approved: { es: 'aprobada por el comité', en: 'approved by the committee' },
  state_rejected: { es: 'rechazada por el comité', en: 'rejected by the committee' },
  state_waitlisted: { es: 'en lista de espera del comité', en: 'waitlisted by the committee' },
  historyEntry: { es: '{date}: {state}', en: '{date}: {state}' },
  // print
  printSummary: { es: 'Resumen del caso', en: 'Case summary' },
  printDate: { es: 'Consulta al {date}', en: 'Checked as of {date}' },
} satisfies Record<string, Localized>;

export type CaseTextKey = keyof typeof CASE_TEXT;

/** The desk's words in one language, with {placeholders} filled as in text.ts. */
export function caseText(lang: Lang) {
  return (key: CaseTextKey, vars: Record<string, string | number> = {}) =>
    pick(CASE_TEXT[key], lang).replace(/\{(\w+)\}/g, (all, name: string) =>
      vars[name] === undefined ? all : String(vars[name]),
    );
}
