/**
 * What the demo company is made of: Northwind Energy sells and installs heat pumps, solar panels
 * and home batteries from a head office in Helsinki and a UK office in Manchester.
 */
import type { DepartmentKind } from "../schema";
import type { DemoKindKey } from "./modules";

export const COMPANY_NAME = "Northwind Energy";
export const EMAIL_DOMAIN = "northwind-energy.example";
export const MEETING_HOST = "https://meet.northwind-energy.example";

export type OfficeKey = "helsinki" | "manchester";
export const OFFICE_ZONES: Record<OfficeKey, string> = {
  helsinki: "Europe/Helsinki",
  manchester: "Europe/London",
};
/** People who work from home in another country, with the name pool that fits the place. */
export const REMOTE_ZONES: readonly { zone: string; culture: CultureKey }[] = [
  { zone: "Europe/Stockholm", culture: "swedish" },
  { zone: "Europe/Tallinn", culture: "estonian" },
  { zone: "Europe/Berlin", culture: "german" },
  { zone: "Europe/Lisbon", culture: "spanish" },
];

export type DepartmentKey =
  | "administration"
  | "accounting"
  | "finance"
  | "hr"
  | "legal"
  | "it"
  | "procurement"
  | "sales"
  | "installation"
  | "customerCare";

export interface DemoDepartment {
  key: DepartmentKey;
  name: string;
  kind: DepartmentKind;
  description: string;
  /** Headcount out of 80; larger companies scale every department alike. */
  weight: number;
  minimum: number;
  headTitle: string;
  leadTitle: string;
  memberTitles: readonly string[];
  /** Share of the department in the Helsinki office; the rest sit in Manchester or work remotely. */
  helsinkiShare: number;
  /** The kinds of session this department's hosts run. */
  hosts: readonly DemoKindKey[];
  /** Whom the head reports to: the chief executive, or the chief financial officer. */
  reportsTo: "ceo" | "cfo";
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  {
    key: "administration",
    name: "Administration",
    kind: "back_office",
    description: "The chief executive's office, reception, facilities and the running of both offices.",
    weight: 6,
    minimum: 3,
    headTitle: "Head of Administration",
    leadTitle: "Office team lead",
    memberTitles: ["Office coordinator", "Executive assistant", "Facilities coordinator", "Receptionist"],
    helsinkiShare: 0.7,
    hosts: [],
    reportsTo: "ceo",
  },
  {
    key: "accounting",
    name: "Accounting",
    kind: "back_office",
    description: "Customer invoicing, accounts payable and receivable, payroll and the monthly close.",
    weight: 9,
    minimum: 3,
    headTitle: "Accounting manager",
    leadTitle: "Accounting team lead",
    memberTitles: [
      "Accountant",
      "Senior accountant",
      "Accounts payable specialist",
      "Accounts receivable specialist",
      "Payroll accountant",
    ],
    helsinkiShare: 0.8,
    hosts: [],
    reportsTo: "cfo",
  },
  {
    key: "finance",
    name: "Finance",
    kind: "back_office",
    description: "Planning, customer financing and subsidies, treasury and credit control.",
    weight: 6,
    minimum: 2,
    headTitle: "Chief Financial Officer",
    leadTitle: "Finance team lead",
    memberTitles: ["Financial analyst", "Financial controller", "Credit controller", "Treasury analyst"],
    helsinkiShare: 0.8,
    hosts: [],
    reportsTo: "ceo",
  },
  {
    key: "hr",
    name: "HR",
    kind: "back_office",
    description: "Recruiting, onboarding, learning and everything about working here.",
    weight: 5,
    minimum: 2,
    headTitle: "Head of People",
    leadTitle: "HR team lead",
    memberTitles: ["HR business partner", "Recruiter", "HR coordinator", "Learning and development specialist"],
    helsinkiShare: 0.7,
    hosts: [],
    reportsTo: "ceo",
  },
  {
    key: "legal",
    name: "Legal",
    kind: "back_office",
    description: "Customer contracts, warranties, consumer law and data protection.",
    weight: 4,
    minimum: 2,
    headTitle: "General Counsel",
    leadTitle: "Legal team lead",
    memberTitles: ["Legal counsel", "Contracts manager", "Paralegal", "Compliance officer"],
    helsinkiShare: 0.75,
    hosts: [],
    reportsTo: "ceo",
  },
  {
    key: "it",
    name: "IT",
    kind: "back_office",
    description: "Laptops and phones, the customer systems, the field app and information security.",
    weight: 6,
    minimum: 2,
    headTitle: "Head of IT",
    leadTitle: "IT team lead",
    memberTitles: [
      "Systems administrator",
      "Service desk analyst",
      "Software developer",
      "Data engineer",
      "Information security analyst",
    ],
    helsinkiShare: 0.75,
    hosts: [],
    reportsTo: "ceo",
  },
  {
    key: "procurement",
    name: "Procurement",
    kind: "back_office",
    description: "Buying heat pumps, panels, inverters and parts, and getting them to the right van on time.",
    weight: 4,
    minimum: 2,
    headTitle: "Head of Procurement",
    leadTitle: "Procurement team lead",
    memberTitles: ["Buyer", "Category specialist", "Supplier quality specialist", "Logistics coordinator"],
    helsinkiShare: 0.65,
    hosts: [],
    reportsTo: "cfo",
  },
  {
    key: "sales",
    name: "Sales",
    kind: "customer_facing",
    description: "Home energy advisers and account managers for households, housing companies and businesses.",
    weight: 12,
    minimum: 3,
    headTitle: "Sales director",
    leadTitle: "Regional sales manager",
    memberTitles: [
      "Sales representative",
      "Senior sales representative",
      "Home energy adviser",
      "Business account manager",
    ],
    helsinkiShare: 0.55,
    hosts: ["salesCall"],
    reportsTo: "ceo",
  },
  {
    key: "installation",
    name: "Installation & Field Service",
    kind: "customer_facing",
    description: "Install crews and field service engineers for heat pumps, solar panels and batteries.",
    weight: 12,
    minimum: 2,
    headTitle: "Head of Installation & Field Service",
    leadTitle: "Install crew lead",
    memberTitles: [
      "Install technician",
      "Senior install technician",
      "Heat pump technician",
      "Solar installer",
      "Field service engineer",
    ],
    helsinkiShare: 0.55,
    hosts: ["install"],
    reportsTo: "ceo",
  },
  {
    key: "customerCare",
    name: "Customer Care",
    kind: "customer_facing",
    description: "The customer call centre: the care line, the written support queue and the complaints desk.",
    weight: 16,
    minimum: 4,
    headTitle: "Head of Customer Care",
    leadTitle: "Call-centre team lead",
    memberTitles: ["Customer care agent", "Customer care agent", "Senior customer care agent", "Complaints specialist"],
    helsinkiShare: 0.6,
    hosts: ["listenIn", "supportQueue"],
    reportsTo: "ceo",
  },
];

export type DemoRole = "admin" | "manager" | "lead" | "host" | "employee";

export interface DemoPerson {
  role: DemoRole;
  email: string;
  name: string;
  roleLabel: string;
  description: string;
  department: DepartmentKey;
  title: string;
  timeZone: string;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    role: "admin",
    email: `aino.virtanen@${EMAIL_DOMAIN}`,
    name: "Aino Virtanen",
    roleLabel: "Admin",
    description: "Runs Frontline for the whole company: people, departments, session kinds, modules and coverage.",
    department: "administration",
    title: "Operations administrator",
    timeZone: "Europe/Helsinki",
  },
  {
    role: "manager",
    email: `oskar.lindqvist@${EMAIL_DOMAIN}`,
    name: "Oskar Lindqvist",
    roleLabel: "Manager",
    description:
      "Accounting manager: assigns modules to the accounting team, books reports onto sessions and sees who is overdue.",
    department: "accounting",
    title: "Accounting manager",
    timeZone: "Europe/Helsinki",
  },
  {
    role: "lead",
    email: `priya.raman@${EMAIL_DOMAIN}`,
    name: "Priya Raman",
    roleLabel: "Host and manager",
    description:
      "Call-centre team lead in Manchester: hosts weekly listen-in blocks and manages a team of care agents.",
    department: "customerCare",
    title: "Call-centre team lead",
    timeZone: "Europe/London",
  },
  {
    role: "host",
    email: `mateo.garcia@${EMAIL_DOMAIN}`,
    name: "Mateo García",
    roleLabel: "Host",
    description:
      "Sales representative: publishes sales calls shadows may join, sees who is coming, confirms attendance.",
    department: "sales",
    title: "Sales representative",
    timeZone: "Europe/Helsinki",
  },
  {
    role: "employee",
    email: `emma.korhonen@${EMAIL_DOMAIN}`,
    name: "Emma Korhonen",
    roleLabel: "Employee",
    description:
      "Accountant: books seats on sales calls, installs and listen-ins, writes reflections and follows her own training.",
    department: "accounting",
    title: "Accountant",
    timeZone: "Europe/Helsinki",
  },
];

export type CultureKey =
  | "finnish"
  | "swedish"
  | "estonian"
  | "british"
  | "irish"
  | "nigerian"
  | "indian"
  | "spanish"
  | "polish"
  | "vietnamese"
  | "arabic"
  | "turkish"
  | "german"
  | "somali";

/** First and last names by culture, comma-separated. */
export const NAMES: Record<CultureKey, { first: string; last: string }> = {
  finnish: {
    first:
      "Aino, Eero, Juha, Kaisa, Laura, Mikko, Noora, Otto, Pekka, Riikka, Sanna, Tuomas, Veera, Ville, Elina, Jari, Katja, Lauri, Minna, Heikki, Satu, Antti, Hanna, Janne, Tiina, Petteri, Saara, Joonas, Emilia, Kalle",
    last: "Virtanen, Korhonen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Laine, Heikkinen, Koskinen, Järvinen, Lehtonen, Lehtinen, Saarinen, Salminen, Heinonen, Niemi, Kinnunen, Salonen, Turunen, Laaksonen, Rantanen, Karjalainen, Pitkänen, Kettunen, Hiltunen",
  },
  swedish: {
    first: "Oskar, Linnea, Johan, Ebba, Erik, Maja, Anders, Sofia, Henrik, Ida, Fredrik, Astrid, Gustav, Elsa, Nils",
    last: "Lindqvist, Holmberg, Sundström, Ekström, Lindberg, Nyström, Forsman, Blomqvist, Grönroos, Wikström, Eriksson, Lundgren",
  },
  estonian: {
    first: "Kadri, Mart, Liis, Tõnu, Kristiina, Rasmus, Triin, Andres, Maarja, Siim, Kerli, Priit",
    last: "Tamm, Saar, Sepp, Mägi, Kask, Kukk, Rebane, Ilves, Pärn, Koppel, Lepik, Kallas",
  },
  british: {
    first:
      "Oliver, Amelia, Harry, Isla, George, Olivia, Jack, Emily, Charlie, Sophie, James, Grace, Thomas, Hannah, William, Lucy, Daniel, Chloe, Samuel, Rebecca, Matthew, Jessica, Ben, Holly",
    last: "Smith, Jones, Taylor, Brown, Davies, Evans, Wilson, Roberts, Walker, Wright, Thompson, Hughes, Clarke, Hall, Green, Jackson, Wood, Harris, Lewis, Patterson, Marsh, Holden",
  },
  irish: {
    first: "Siobhan, Niamh, Ciaran, Aoife, Declan, Orla, Conor, Roisin",
    last: "Murphy, Kelly, O'Brien, Byrne, Walsh, Doyle, Gallagher, Brennan",
  },
  nigerian: {
    first: "Chinedu, Ngozi, Tunde, Adaeze, Emeka, Funmilayo, Obinna, Yetunde, Tobi, Kemi, Ifeoma, Segun",
    last: "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Nwosu, Ogunleye, Adebayo, Chukwu, Afolabi",
  },
  indian: {
    first: "Priya, Arjun, Ananya, Rahul, Kavya, Vikram, Meera, Rohan, Divya, Sanjay, Aditi, Karthik, Neha, Aarav",
    last: "Raman, Sharma, Patel, Iyer, Nair, Gupta, Reddy, Menon, Krishnan, Desai, Rao, Kapoor, Mistry, Chopra",
  },
  spanish: {
    first: "Mateo, Lucía, Javier, Carmen, Diego, Elena, Pablo, Sofía, Andrés, Valentina, Inés, Tiago, Joana, Rui",
    last: "García, Fernández, López, Martínez, Sánchez, Romero, Navarro, Torres, Ruiz, Morales, Silva, Costa, Pereira",
  },
  polish: {
    first: "Piotr, Agnieszka, Tomasz, Katarzyna, Michał, Magdalena, Krzysztof, Zofia, Paweł, Ewa, Marta, Jakub",
    last: "Nowak, Wójcik, Kaczmarek, Mazur, Krawczyk, Zając, Król, Wieczorek, Dudek, Pawlak",
  },
  vietnamese: {
    first: "Linh, Minh, Thao, Duc, Huong, Quang, Mai, Tuan, Lan, Hieu",
    last: "Nguyen, Tran, Le, Pham, Hoang, Vu, Dang, Bui",
  },
  arabic: {
    first: "Amira, Omar, Leila, Yusuf, Samira, Karim, Nadia, Hamza, Rania, Tariq",
    last: "Haddad, Hassan, Farah, Mansour, Khalil, Nasser, Saleh, Aziz",
  },
  turkish: {
    first: "Elif, Emre, Zeynep, Can, Ayşe, Mehmet, Deniz, Selin",
    last: "Yılmaz, Demir, Aydın, Kaya, Çelik, Şahin, Öztürk, Arslan",
  },
  german: {
    first: "Lukas, Anna, Jonas, Lea, Niels, Femke, Sven, Julia, Jürgen, Katrin, Daan, Sanne",
    last: "Schneider, Fischer, Weber, Becker, de Vries, Jansen, Bakker, Vogel, Hoffmann, Krüger, Visser",
  },
  somali: {
    first: "Hodan, Abdi, Ayaan, Mohamed, Fadumo, Ahmed, Sahra, Liban",
    last: "Abdi, Warsame, Farah, Yusuf, Hirsi, Osman, Ali, Jama",
  },
};

/** Where each office's people come from, by weight. */
export const OFFICE_CULTURES: Record<OfficeKey, Partial<Record<CultureKey, number>>> = {
  helsinki: {
    finnish: 46,
    swedish: 12,
    estonian: 7,
    somali: 4,
    indian: 5,
    vietnamese: 4,
    arabic: 4,
    turkish: 3,
    spanish: 3,
    polish: 3,
    nigerian: 3,
    german: 3,
    british: 3,
  },
  manchester: {
    british: 46,
    irish: 7,
    indian: 12,
    nigerian: 9,
    polish: 7,
    arabic: 5,
    spanish: 4,
    somali: 3,
    vietnamese: 2,
    turkish: 2,
    finnish: 3,
  },
};

/** Street addresses for installs, in the region each office serves. */
export const INSTALL_AREAS: Record<OfficeKey, { streets: readonly string[]; towns: readonly string[] }> = {
  helsinki: {
    streets: [
      "Koivutie",
      "Rantatie",
      "Mäntytie",
      "Kuusikuja",
      "Pihlajatie",
      "Kallioniementie",
      "Tapiolantie",
      "Pellavakuja",
      "Myllytie",
      "Haapaniemenkatu",
      "Otaniementie",
      "Kirkkotie",
      "Vanha Porvoontie",
      "Nuottaniementie",
    ],
    towns: [
      "00840 Helsinki",
      "00680 Helsinki",
      "02100 Espoo",
      "02230 Espoo",
      "01300 Vantaa",
      "01600 Vantaa",
      "04200 Kerava",
      "04400 Järvenpää",
      "06100 Porvoo",
      "04300 Tuusula",
      "02400 Kirkkonummi",
      "05800 Hyvinkää",
    ],
  },
  manchester: {
    streets: [
      "Alder Road",
      "Beech Avenue",
      "Church Lane",
      "Moorside Road",
      "Mill Street",
      "Green Lane",
      "Station Road",
      "Ashfield Close",
      "Hollins Lane",
      "Park View",
      "Wellington Road",
      "Brookfield Drive",
    ],
    towns: [
      "Stockport SK4",
      "Sale M33",
      "Altrincham WA14",
      "Bolton BL1",
      "Bury BL9",
      "Oldham OL8",
      "Wigan WN1",
      "Macclesfield SK10",
      "Didsbury M20",
      "Chorlton M21",
      "Rochdale OL11",
      "Salford M6",
    ],
  },
};

/** Households and organisations our representatives talk to and our crews visit. */
export const CUSTOMERS: Record<OfficeKey, { households: readonly string[]; organisations: readonly string[] }> = {
  helsinki: {
    households: [
      "Mäkinen household",
      "Salo family",
      "Nyberg household",
      "Aaltonen family",
      "Heikkilä household",
      "Lindroos family",
      "Peltonen household",
      "Räsänen family",
      "Koivisto household",
      "Lahtinen family",
    ],
    organisations: [
      "As Oy Koivukuja 4",
      "As Oy Rantapuisto",
      "Kerava Parish Hall",
      "Villa Merikallio B&B",
      "Tuusula Riding School",
      "Porvoo Old Town Bakery",
      "Espoo Youth Sports Club",
      "As Oy Myllypuron Helmi",
      "Järvenpää Dental Clinic",
    ],
  },
  manchester: {
    households: [
      "Hollis household",
      "Ahmed family",
      "Whitworth household",
      "Kowalski family",
      "O'Neill household",
      "Bennett family",
      "Sharma household",
      "Fletcher family",
      "Lomax household",
      "Okoro family",
    ],
    organisations: [
      "Hollin Farm B&B",
      "St Mary's Church Hall",
      "Brookfield Primary School",
      "Didsbury Tennis Club",
      "Marple Veterinary Surgery",
      "Sale Community Allotments",
      "Heaton Moor Housing Co-operative",
      "Wigan Pier Bakery",
      "Ramsbottom Brewery",
    ],
  },
};

export const SESSION_NOTES: Record<DemoKindKey, readonly string[]> = {
  salesCall: [
    "First conversation after the home survey. They are comparing us with two other quotes, so expect questions about price per year, not per unit.",
    "Walking through the quote for an air-to-water heat pump. The customer asked for someone from Finance to explain the instalment plan — a good one for back-office shadows.",
    "Renewal of a business customer's service agreement. Please keep your camera off; I will introduce you at the start.",
    "The customer is deciding between solar panels now and a battery later. Listen for how the subsidy rules confuse everyone, us included.",
    "Follow-up call after a delayed delivery. The customer is polite but losing patience; this is what our promises sound like from the other side.",
    "Housing company board meeting, six residents on the call. Expect detailed questions on contract terms and who maintains what.",
    "A short qualifying call with a new lead from the website form. Good first call to shadow: you will hear every basic question.",
    "",
  ],
  install: [
    "Air-to-water heat pump replacing an oil boiler. Safety shoes required; park on the street, not in the drive.",
    "Twelve solar panels and an inverter. You stay on the ground: roof work is for the crew only. Bring a warm layer.",
    "Battery install in a garage, plus a walk through the app with the customer at the end.",
    "Second visit to finish a heat pump install after a missing part. Watch how the crew explains the delay face to face.",
    "Ground-source heat pump commissioning. Long day of testing; the handover to the customer is the interesting part.",
    "Service visit on a two-year-old unit with a noise complaint. Good one for anyone in Legal or Customer Care.",
    "",
  ],
  listenIn: [
    "Weekly listen-in on the care line. Second headset provided; join the call room five minutes early.",
    "Monday mornings bring billing questions after the weekend. Good for Accounting and Finance.",
    "The busiest hour for booking and rescheduling installs. You will hear what a moved date means to a family.",
    "Mixed calls: new enquiries, service bookings and the occasional complaint. Stay on mute; we talk between calls.",
  ],
  supportQueue: [
    "Working the written queue: warranty claims and callbacks. We will pick three cases and follow each to the end.",
    "Complaints desk. Expect goodwill decisions and at least one case that needs Legal's wording.",
    "Callbacks on open cases older than five days: what is each customer still waiting for, and from whom?",
    "Post-install follow-ups: the first-week questions every customer has about noise, costs and the app.",
  ],
};

export const REFLECTION_OPENERS: Record<DemoKindKey, readonly string[]> = {
  salesCall: [
    "The customer barely asked about the heat pump itself; every question was about what it would cost them each winter.",
    "Half of the call went on the instalment plan, and the customer still was not sure what they would pay in the first month.",
    "The representative asked about the house and the family for ten minutes before mentioning a single product.",
    "The customer had read our contract terms before the call and had three questions none of us could answer on the spot.",
    "When the delivery date came up, the representative was careful not to promise a week. Now I understand why.",
    "The customer asked twice whether the subsidy would be paid to them or to us.",
  ],
  install: [
    "The crew lead spent the first half hour explaining the day to the customer before anyone unloaded the van.",
    "One part was missing from the delivery, and the crew spent forty minutes on the phone sorting it out.",
    "The customer's biggest worry was the noise of the outdoor unit next to the children's bedroom.",
    "At the handover the customer asked about the first invoice, and the crew had no idea what it would say.",
    "The survey report did not mention the old oil tank, which changed the whole plan for the day.",
    "Watching the crew commission the system showed me how many checks happen that the customer never sees.",
  ],
  listenIn: [
    "Three of the calls I heard were about invoices that did not match what the customer had been told.",
    "A customer called because the install date had moved by email and nobody had phoned them.",
    "The agent answered a warranty question in under a minute that would have taken me a day to find.",
    "Most callers apologised for bothering us before they explained a problem we had caused.",
    'One caller used the words "the box outside" four times; our letters call it the outdoor unit.',
    'The agent had to say "I will find out and call you back" on every call that touched another team.',
  ],
  supportQueue: [
    "Most of the cases we opened were waiting on another team, several for more than a week.",
    "A complaint about noise turned out to be a missing line in our installation checklist.",
    "The specialist rewrote a reply three times to make sure we admitted only what the facts supported.",
    "The oldest open case was a refund waiting for an approval that nobody knew they had to give.",
    "Several follow-ups existed only because the first answer had left out one detail.",
    "Goodwill payments are decided with more care than I expected, and quickly when the fault is clearly ours.",
  ],
};

export const REFLECTION_TAKEAWAYS: readonly string[] = [
  "I will rewrite the payment reminder template so it uses the same words as the sales contract.",
  "Our team could send the care line a weekly list of invoices we know will look unusual.",
  "I want to check how long approvals sit with us before they reach the customer.",
  "Next month I will bring this up at our team meeting: the customer sees one company, not our departments.",
  "I had no idea how much our paperwork ends up in a customer's kitchen.",
  "We could add a plain-language summary to the first page of the contract.",
  "It would help if our team had a direct contact in Customer Care for questions like these.",
  "I am going to look at which of our emails customers reply to with a question.",
  "Customers remember whether we called back, not how complicated the problem was.",
  "I would like to shadow an install next, to see the other end of the same story.",
];

export const HOST_NOTES: readonly string[] = [
  "Good questions after the call — thanks for coming.",
  "Stayed for the wrap-up and took notes on the invoice question. Very helpful.",
  "Great to have you. The customer was happy to have someone from the back office listening.",
  "Asked about the delivery timeline afterwards; I have passed the question on to Procurement.",
  "Joined early and was well prepared.",
];

export const NO_SHOW_NOTES: readonly string[] = [
  "Did not join; no message.",
  "Cancelled on the day by phone, too late to free the seat.",
  "",
];

export const CANCELLED_SESSION_REASON =
  "The customer postponed the call until their housing company has voted on the project.";

export const MANUAL_SIGN_OFF_REASON =
  "Worked the care line with Customer Care for a full week during the winter storm outage, taking calls under supervision; signed off from the team lead's notes.";
