import { type Lang, type Localized, pick } from '../rules/i18n';

/** Every word the pages show, in Spanish and English (the report's own words are in rules/i18n). */
const TEXT = {
  // layout
  skipToContent: { es: 'Saltar al contenido principal', en: 'Skip to main content' },
  navLabel: { es: 'Secciones', en: 'Sections' },
  navCaseWorker: { es: 'Consulta de elegibilidad', en: 'Eligibility check' },
  navCommittee: { es: 'Comité de coordinación', en: 'Coordination committee' },
  navApiDocs: { es: 'Documentación de la API', en: 'API documentation' },
  signOut: { es: 'Cerrar sesión', en: 'Sign out' },
  footer: {
    es: 'Vincula: elegibilidad y coordinación entre programas sociales y de economía social y solidaria.',
    en: 'Vincula: eligibility and coordination across social-protection and social and solidarity economy programmes.',
  },
  roleAdmin: { es: 'Administración', en: 'Administrator' },
  roleCaseWorker: { es: 'Promotoría', en: 'Case worker' },
  roleCommittee: { es: 'Comité', en: 'Committee' },
  roleService: { es: 'Servicio', en: 'Service' },

  // sign-in and errors
  signInTitle: { es: 'Iniciar sesión', en: 'Sign in' },
  signInLead: {
    es: 'Escriba su clave de la API. Se guarda solo en este navegador (cookie httpOnly) y vale 12 horas.',
    en: 'Enter your API key. It is kept only in this browser (an httpOnly cookie) for 12 hours.',
  },
  fieldApiKey: { es: 'Clave de la API', en: 'API key' },
  hintApiKey: {
    es: 'La entrega su administración; se crea con npx vincula keys create --role case_worker (o committee).',
    en: 'Your administrator gives it to you; it is made with npx vincula keys create --role case_worker (or committee).',
  },
  signInSubmit: { es: 'Entrar', en: 'Sign in' },
  signInBad: {
    es: 'La clave no es válida o fue revocada. Revísela e inténtelo de nuevo.',
    en: 'The key is not valid or was revoked. Check it and try again.',
  },
  signInEmpty: { es: 'Escriba la clave.', en: 'Enter the key.' },
  signedOut: { es: 'Sesión cerrada.', en: 'Signed out.' },
  forbiddenTitle: { es: 'Sin acceso a esta página', en: 'No access to this page' },
  forbiddenMessage: {
    es: 'Su clave tiene el rol «{role}», y esta página es para: {roles}. Pida a su administración una clave con ese rol, o vuelva a la página de inicio.',
    en: 'Your key has the role "{role}", and this page is for: {roles}. Ask your administrator for a key with that role, or go back to the start page.',
  },
  csrfTitle: { es: 'Solicitud rechazada', en: 'Request refused' },
  csrfMessage: {
    es: 'El formulario no vino de esta página (o la sesión cambió). Vuelva a cargar la página y envíelo de nuevo.',
    en: 'The form did not come from this page (or the session changed). Reload the page and send it again.',
  },
  tooLargeTitle: { es: 'Datos demasiado grandes', en: 'Too much data' },
  tooLargeMessage: {
    es: 'El formulario supera el límite de 1 MiB. Para lotes grandes use POST /v1/match/batch.',
    en: 'The form is larger than 1 MiB. For large batches use POST /v1/match/batch.',
  },
  goHome: { es: 'Ir al inicio', en: 'Go to the start page' },

  // case-worker page
  caseWorkerTitle: { es: 'Consulta de elegibilidad', en: 'Eligibility check' },
  caseWorkerLead: {
    es: 'Capture el grupo y sus integrantes (o cargue un ejemplo) y vea, programa por programa, si es elegible, qué falta preguntar, qué cambiaría el resultado y en qué orden conviene solicitar. Un campo vacío es un dato desconocido: Vincula lo pregunta en vez de decir que no.',
    en: 'Enter the group and its members (or load an example) to see, programme by programme, whether it is eligible, what to ask, what would change the result and in which order to apply. An empty field is an unknown fact: Vincula asks for it instead of saying no.',
  },
  errorSummary: { es: 'Hay datos por corregir', en: 'Some fields need fixing' },
  examplesTitle: { es: 'Ejemplos', en: 'Examples' },
  exampleLabel: { es: 'Grupo de ejemplo', en: 'Example group' },
  exampleLoad: { es: 'Cargar ejemplo en el formulario', en: 'Load the example into the form' },
  formTitle: { es: 'Datos del grupo', en: 'Group details' },
  notShown: {
    es: 'Estos datos del JSON no tienen campo en el formulario; se usan solo al consultar con el JSON:',
    en: 'These JSON fields have no control in the form; they are used only when matching from the JSON:',
  },
  sectionQuery: { es: 'Consulta', en: 'Query' },
  fieldAsOf: { es: 'Fecha de la consulta', en: 'Date of the check' },
  fieldLang: { es: 'Idioma de los resultados', en: 'Language of the results' },
  submitMatch: { es: 'Consultar programas', en: 'Check programmes' },
  sectionGeneral: { es: 'Datos generales', en: 'General' },
  sectionLocation: { es: 'Dónde opera el grupo', en: 'Where the group operates' },
  sectionRegisteredOffice: { es: 'Domicilio social', en: 'Registered office' },
  sectionTraining: { es: 'Capacitación y participación', en: 'Training and participation' },
  sectionTerritory: {
    es: 'Datos del municipio (si no están en el catálogo)',
    en: 'Municipality data (when not in the catalogue)',
  },
  sectionDebts: { es: 'Adeudos con dependencias', en: 'Debts with agencies' },
  sectionDisqualifications: { es: 'Descalificaciones', en: 'Disqualifications' },
  sectionEnrolments: { es: 'Inscripciones en programas', en: 'Programme enrolments' },
  sectionMembers: { es: 'Integrantes', en: 'Members' },
  fieldDebtsKnown: { es: '¿Tiene adeudos o trámites pendientes?', en: 'Any debts or outstanding paperwork?' },
  fieldDisqualificationsKnown: {
    es: '¿Fue descalificado en algún proceso de selección?',
    en: 'Ever disqualified from a selection process?',
  },
  fieldEnrolmentsKnown: {
    es: '¿Participa o participó en programas?',
    en: 'In any programmes now or before?',
  },
  listNone: { es: 'No, ninguno', en: 'No, none' },
  listSome: { es: 'Sí: los indicados abajo', en: 'Yes: the ones below' },
  fieldAgencies: { es: 'Dependencias', en: 'Agencies' },
  fieldDebtKind: { es: 'Tipo de adeudo', en: 'Kind of debt' },
  enrolment: { es: 'Inscripción', en: 'Enrolment' },
  addEnrolment: { es: 'Añadir inscripción', en: 'Add an enrolment' },
  removeEnrolment: { es: 'Quitar inscripción', en: 'Remove enrolment' },
  member: { es: 'Integrante', en: 'Member' },
  addMember: { es: 'Añadir integrante', en: 'Add a member' },
  removeMember: { es: 'Quitar integrante', en: 'Remove member' },
  noMembers: {
    es: 'Sin integrantes capturados: el número de integrantes queda por determinar.',
    en: 'No members entered: the number of members stays unknown.',
  },
  advancedJson: { es: 'Avanzado: pegar el grupo en JSON', en: 'Advanced: paste the group as JSON' },
  fieldJson: { es: 'Grupo en JSON', en: 'Group as JSON' },
  hintJson: {
    es: 'El mismo formato que examples/*.json y schemas/group.schema.json. Al consultar con el JSON, el formulario se llena con sus datos.',
    en: 'The same format as examples/*.json and schemas/group.schema.json. Matching from the JSON fills the form with it.',
  },
  submitJson: { es: 'Consultar con este JSON', en: 'Check with this JSON' },
  unknownOption: { es: '— No se sabe —', en: '— Unknown —' },
  yes: { es: 'Sí', en: 'Yes' },
  no: { es: 'No', en: 'No' },
  none: { es: 'ninguno', en: 'none' },
  errorWholeNumber: { es: 'debe ser un número entero, p. ej. 12', en: 'must be a whole number, e.g. 12' },
  errorNumber: { es: 'debe ser un número, p. ej. 0.75', en: 'must be a number, e.g. 0.75' },
  errorYesNo: { es: 'elija sí, no o no se sabe', en: 'choose yes, no or unknown' },
  errorNoneButListed: {
    es: 'eligió «ninguno» pero hay elementos marcados o capturados',
    en: 'you chose "none" but some are ticked or entered',
  },
  errorSomeButEmpty: {
    es: 'eligió «sí» pero no marcó ni capturó ninguno',
    en: 'you chose "yes" but ticked or entered none',
  },
  errorDate: { es: 'escriba una fecha real, AAAA-MM-DD', en: 'enter a real date, YYYY-MM-DD' },
  errorJsonSyntax: { es: 'no es JSON válido: {detail}', en: 'is not valid JSON: {detail}' },
  errorJsonEmpty: { es: 'pegue el grupo en JSON', en: 'paste the group as JSON' },

  // results
  verdictPassed: { es: 'Cumple', en: 'Met' },
  verdictFailed: { es: 'No cumple', en: 'Not met' },
  verdictUnknown: { es: 'Falta el dato', en: 'Unknown' },
  sources: { es: 'Fuentes', en: 'Sources' },
  qualifyingMembers: { es: 'Integrantes que califican', en: 'Qualifying members' },
  orderTitle: { es: 'Orden sugerido de solicitudes', en: 'Suggested order of applications' },
  orderNone: {
    es: 'Ningún programa vigente es alcanzable para este grupo con los datos capturados.',
    en: 'No programme in force is within reach for this group with the data entered.',
  },
  whenNow: { es: 'Solicitar ahora', en: 'Apply now' },
  whenUpcoming: { es: 'Solicitar cuando abra la convocatoria, el', en: 'Apply when the call opens, on' },
  whenNoCall: {
    es: 'Cumple, pero no hay convocatoria abierta en las fuentes',
    en: 'Eligible, but no open call in the sources',
  },
  whenCollect: { es: 'Primero recabar los datos que faltan', en: 'First collect the missing facts' },
  whenAfter: { es: 'Después de', en: 'After' },
  alternatives: { es: 'Solo puede tomar uno: este o', en: 'May take only one: this or' },
  statusHint_eligible: {
    es: 'Cumple todos los criterios a la fecha de la consulta.',
    en: 'Meets every criterion on the date of the check.',
  },
  statusHint_undetermined: {
    es: 'Faltan datos: pregunte al grupo lo que se lista en «Datos por recabar».',
    en: 'Facts are missing: ask the group what "Facts to collect" lists.',
  },
  statusHint_ineligible: {
    es: 'No cumple algún criterio; «Qué cambiaría el resultado» dice qué falta.',
    en: 'Some criterion is not met; "What would change the result" says what is missing.',
  },
  statusHint_no_rules: {
    es: 'El programa operaba entonces; sus reglas de ese año no están codificadas: no se puede decidir con Vincula.',
    en: 'The programme ran then; its rules for that year are not encoded: Vincula cannot decide.',
  },
  statusHint_not_active: {
    es: 'Programas sin versión vigente a la fecha de la consulta.',
    en: 'Programmes with no version in force on the date of the check.',
  },

  // committee page
  committeeTitle: { es: 'Grafo de coordinación', en: 'Coordination graph' },
  committeeLead: {
    es: 'Cómo encajan los programas a una fecha: dependencias, programas, órganos de coordinación y fondos; los vínculos declarados frente al traslape real de sus poblaciones elegibles, y las alertas que requieren atención.',
    en: 'How the programmes fit together on a date: agencies, programmes, coordination bodies and funds; declared links against the real overlap of their eligible populations, and the flags that need attention.',
  },
  filtersTitle: { es: 'Fecha, población y filtros', en: 'Date, population and filters' },
  fieldGraphAsOf: { es: 'Fecha del grafo', en: 'Date of the graph' },
  fieldPopulation: { es: 'Población analizada', en: 'Population analysed' },
  populationSynthetic: {
    es: 'Sintética (distribuciones documentadas)',
    en: 'Synthetic (documented distributions)',
  },
  populationStored: { es: 'Grupos guardados', en: 'Stored groups' },
  populationNone: { es: 'Ninguna (solo declaraciones)', en: 'None (declarations only)' },
  fieldGroups: { es: 'Número de grupos sintéticos', en: 'Number of synthetic groups' },
  hintGroups: {
    es: 'Hasta {max} (unos 20 000 por segundo); para más, use npx vincula graph.',
    en: 'Up to {max} (about 20,000 a second); for more, use npx vincula graph.',
  },
  fieldSeed: { es: 'Semilla', en: 'Seed' },
  fieldLevel: { es: 'Nivel', en: 'Level' },
  fieldFilterCountry: { es: 'País o bloque', en: 'Country or bloc' },
  fieldAgency: { es: 'Dependencia', en: 'Agency' },
  allOption: { es: 'Todos', en: 'All' },
  applyFilters: { es: 'Actualizar', en: 'Update' },
  filtersHint: {
    es: 'Nivel, país y dependencia filtran el grafo al momento; fecha y población vuelven a calcular el análisis.',
    en: 'Level, country and agency filter the graph at once; date and population recompute the analysis.',
  },
  nothingInForce: {
    es: 'Ningún programa que Vincula evalúa estaba vigente el {asOf}: el grafo muestra los programas ya concluidos, sin análisis de traslape.',
    en: 'No programme Vincula evaluates was in force on {asOf}: the graph shows the programmes that had ended, without an overlap analysis.',
  },
  tryDate: { es: 'Ver el {date}', en: 'See {date}' },
  downloadsTitle: { es: 'Descargas', en: 'Downloads' },
  downloadGexf: { es: 'GEXF (Gephi)', en: 'GEXF (Gephi)' },
  downloadGraphml: { es: 'GraphML (yEd, Cytoscape)', en: 'GraphML (yEd, Cytoscape)' },
  downloadJson: { es: 'JSON (graphology)', en: 'JSON (graphology)' },
  downloadFlags: { es: 'Alertas en CSV', en: 'Flags as CSV' },
  graphTitle: { es: 'Grafo', en: 'Graph' },
  graphLabel: {
    es: 'Grafo de coordinación; la misma información está en las alertas, la matriz de traslape y las descargas.',
    en: 'Coordination graph; the same information is in the flags, the overlap matrix and the downloads.',
  },
  legendTitle: { es: 'Leyenda', en: 'Legend' },
  kind_programme: { es: 'Programa', en: 'Programme' },
  kind_agency: { es: 'Dependencia', en: 'Agency' },
  kind_body: { es: 'Órgano de coordinación', en: 'Coordination body' },
  kind_fund: { es: 'Fondo', en: 'Fund' },
  kind_territory: { es: 'Territorio', en: 'Territory' },
  legendFlaggedEdge: { es: 'Vínculo con alerta', en: 'Flagged link' },
  loading: { es: 'Calculando el análisis…', en: 'Running the analysis…' },
  loaded: {
    es: '{nodes} nodos y {edges} vínculos al {asOf}; {groups} grupos analizados.',
    en: '{nodes} nodes and {edges} links on {asOf}; {groups} groups analysed.',
  },
  loadFailed: { es: 'No se pudo cargar: {detail}', en: 'Could not load: {detail}' },
  noScript: {
    es: 'El grafo, las alertas y la matriz necesitan JavaScript. Las descargas funcionan sin él.',
    en: 'The graph, the flags and the matrix need JavaScript. The downloads work without it.',
  },
  noBundle: {
    es: 'El paquete del navegador no está disponible en este servidor (npm run build:web).',
    en: 'The browser bundle is not available on this server (npm run build:web).',
  },
  nodeDetails: { es: 'Detalle del nodo', en: 'Node details' },
  detailKey: { es: 'Clave', en: 'Key' },
  detailLevel: { es: 'Nivel', en: 'Level' },
  detailCountry: { es: 'País o bloque', en: 'Country or bloc' },
  detailAgency: { es: 'Dependencia', en: 'Agency' },
  detailValidity: { es: 'Vigencia', en: 'In force' },
  detailFlags: { es: 'Alertas', en: 'Flags' },
  nodeDetailsHint: {
    es: 'Haga clic en un nodo para ver su detalle.',
    en: 'Click a node to see its details.',
  },
  flagsTitle: { es: 'Alertas', en: 'Flags' },
  flagsHint: {
    es: 'Cada alerta trae su evidencia y fuentes; «Resaltar» marca sus nodos en el grafo.',
    en: 'Each flag comes with its evidence and sources; "Highlight" marks its nodes in the graph.',
  },
  highlight: { es: 'Resaltar en el grafo', en: 'Highlight in the graph' },
  evidence: { es: 'Evidencia', en: 'Evidence' },
  severity_high: { es: 'Alta', en: 'High' },
  severity_medium: { es: 'Media', en: 'Medium' },
  severity_low: { es: 'Baja', en: 'Low' },
  noFlags: { es: 'Sin alertas a esta fecha.', en: 'No flags on this date.' },
  overlapTitle: { es: 'Traslape de poblaciones elegibles', en: 'Overlap of eligible populations' },
  overlapHint: {
    es: 'Grupos elegibles para ambos programas (o su índice de Jaccard); en la diagonal, los elegibles de cada programa.',
    en: 'Groups eligible for both programmes (or their Jaccard index); on the diagonal, each programme’s eligible groups.',
  },
  metric: { es: 'Medida', en: 'Measure' },
  metricJaccard: { es: 'Índice de Jaccard', en: 'Jaccard index' },
  metricBoth: { es: 'Grupos en ambos', en: 'Groups in both' },
  noOverlap: {
    es: 'Sin análisis de población (elija una población sintética o los grupos guardados).',
    en: 'No population analysis (choose a synthetic population or the stored groups).',
  },
  noProgrammes: {
    es: 'Ningún programa vigente a esta fecha: no hay poblaciones que comparar.',
    en: 'No programme in force on this date: no populations to compare.',
  },
  coverageTitle: { es: 'Cobertura por programa', en: 'Coverage per programme' },
  coverageHint: {
    es: 'Proporción de la población elegible (oscuro) y por determinar (claro) para cada programa vigente.',
    en: 'Share of the population eligible (dark) and undetermined (light) for each programme in force.',
  },
  coverageEligible: { es: 'elegibles', en: 'eligible' },
  coverageUndetermined: { es: 'por determinar', en: 'undetermined' },
} satisfies Record<string, Localized>;

export type TextKey = keyof typeof TEXT;

/** The page's words in one language: t('signOut'), with {placeholders} filled from vars. */
export function tr(lang: Lang) {
  return (key: TextKey, vars: Record<string, string | number> = {}) =>
    pick(TEXT[key], lang).replace(/\{(\w+)\}/g, (all, name: string) =>
      vars[name] === undefined ? all : String(vars[name]),
    );
}

/** The words the committee page's script needs, in the page's language. */
export function clientText(lang: Lang, keys: readonly TextKey[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, pick(TEXT[k], lang)]));
}

/** What each value of a select is called: the message catalogue's names (one list for the pages and the reports). */
export { VALUE_LABELS as OPTION_LABELS } from '../rules/messages';
