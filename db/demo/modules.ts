/**
 * The demo company's session kinds and service modules: the curriculum a new admin starts from.
 * Guides are paragraphs separated by blank lines; lines starting with "- " are list items.
 */

export type DemoKindKey = "salesCall" | "install" | "listenIn" | "supportQueue";

export interface DemoSessionKind {
  key: DemoKindKey;
  name: string;
  description: string;
  defaultMinutes: number;
  onSite: boolean;
}

export const DEMO_SESSION_KINDS: readonly DemoSessionKind[] = [
  {
    key: "salesCall",
    name: "Sales call",
    description:
      "A video call with a household or business about a heat pump or solar system: first conversation, survey follow-up or walking through a quote.",
    defaultMinutes: 60,
    onSite: false,
  },
  {
    key: "install",
    name: "Install",
    description:
      "Half a day at a customer's home or building with an install crew: heat pump, solar panels or a battery, from unloading the van to handing over.",
    defaultMinutes: 240,
    onSite: true,
  },
  {
    key: "listenIn",
    name: "Call-centre listen-in",
    description:
      "An hour on the customer call line with a Customer Care agent, listening to live calls through a second headset.",
    defaultMinutes: 60,
    onSite: false,
  },
  {
    key: "supportQueue",
    name: "Support queue",
    description:
      "Ninety minutes working the written support queue with an agent: complaints, warranty claims, callbacks and follow-ups on open cases.",
    defaultMinutes: 90,
    onSite: false,
  },
];

export interface DemoModule {
  title: string;
  summary: string;
  guide: string;
  /** The kind whose attended sessions count; null means any kind. */
  ruleKind: DemoKindKey | null;
  /** Sessions it takes; for a rule counted in hours, the sessions of the kind's usual length it comes to. */
  requiredCount: number;
  /** Attended time it takes, in minutes, for a rule counted in hours; null when it counts sessions. */
  requiredMinutes: number | null;
  reflectionRequired: boolean;
  validityDays: number | null;
  core: boolean;
  /** How often managers reach for this module when assigning. */
  assignWeight: number;
}

const guide = (...blocks: string[]) => blocks.join("\n\n");

export const DEMO_MODULES: readonly DemoModule[] = [
  {
    title: "Hear the customer: call-line listen-in",
    summary:
      "Two hours on the customer call line, a reflection after each. The fastest way to learn what our customers actually worry about.",
    guide: guide(
      "Most of our customers meet Northwind Energy for the first time on the phone, and most of them call when something is unclear or has gone wrong. An hour beside an agent shows you the company from the other end of the line: what people ask, in their own words, and how much of the answer depends on work done far from the call centre — an invoice, a delivery date, a contract clause.",
      "You will listen through a second headset and stay on mute. The agent may pause between calls to explain what happened; ask your questions then, not during a call.",
      'What to watch for:\n- the first sentence the customer says, before the agent steers the call\n- how often the answer depends on a system or a team the agent cannot see\n- the moments the agent has to say "I will find out and call you back"\n- words customers use that we never use ourselves ("the box outside", "the panel money")\n- how the agent ends the call and what they write in the case afterwards',
      "Questions to ask the agent between calls:\n- Which calls do you wish never reached you, and where should they have been answered?\n- What do customers ask about our invoices or contracts that surprises you?\n- What would make your next hour easier that someone in my team could do?",
      "After each listen-in, write a short reflection: one call you remember, what the customer needed, and one thing your own team could change so that fewer customers need to call.",
    ),
    ruleKind: "listenIn",
    requiredCount: 2,
    requiredMinutes: 120,
    reflectionRequired: true,
    validityDays: 365,
    core: true,
    assignWeight: 4,
  },
  {
    title: "Ride-along: install day",
    summary:
      "Half a day with an install crew at a customer's home, from unloading the van to the handover. Bring safety shoes.",
    guide: guide(
      "An install is the day a customer's money becomes a machine in their garden or on their roof. Everything before it — the quote, the survey, the order, the delivery — either holds up on the day or it does not, and the crew are the ones standing in the customer's kitchen when it does not.",
      "Before you go: wear safety shoes and clothes you can kneel in, bring a water bottle, and be at the address at the start time. The crew lead will brief you on site safety; follow it exactly. You watch and ask; you do not lift, drill or connect anything.",
      "What to watch for:\n- how the crew lead introduces the day to the customer and what the customer is anxious about\n- which papers, parts or approvals are missing on arrival, and who fixes that\n- what the customer is told at the handover about running costs, noise and the app\n- the questions the customer asks that the sales conversation should have answered",
      "Questions to ask the crew during a break:\n- What does a good survey report look like from where you stand?\n- Which part of the order most often arrives wrong or late?\n- What do customers call about in the first week after you leave?",
      "Afterwards, write a reflection: one moment on site that surprised you, and one thing in your own work that would make an install day go more smoothly.",
    ),
    ruleKind: "install",
    requiredCount: 1,
    requiredMinutes: null,
    reflectionRequired: true,
    validityDays: null,
    core: false,
    assignWeight: 3,
  },
  {
    title: "Sit in on a sales call",
    summary:
      "One sales call with a representative, camera off, and a reflection on what the customer was really deciding.",
    guide: guide(
      "A heat pump or a solar roof is one of the largest purchases a household makes, and the customer is rarely deciding on the technology. They are deciding whether they trust us with their home, their savings and the next fifteen winters. A sales call shows you how that trust is built, and how easily a clumsy contract, a late reply or an unclear price breaks it.",
      "Join with your camera and microphone off unless the representative introduces you. Some customers are confidential: what you hear stays in the call.",
      "What to watch for:\n- the questions the representative asks before talking about any product\n- how prices, subsidies and financing are explained, and where the customer hesitates\n- promises made about dates, savings or service that other teams will have to keep\n- what the customer is told will happen next, and by when",
      "Questions to ask the representative afterwards:\n- Which of our documents or terms do customers find hardest to understand?\n- When do you lose a customer who was ready to buy?\n- What do you wish the back office knew about your calls?",
      "Write a short reflection: what the customer was really deciding, and one promise from the call that depends on your team.",
    ),
    ruleKind: "salesCall",
    requiredCount: 1,
    requiredMinutes: null,
    reflectionRequired: true,
    validityDays: null,
    core: false,
    assignWeight: 3,
  },
  {
    title: "What to do when a customer asks you for help",
    summary:
      "Three shadowing sessions of any kind, so that whoever a customer reaches — at a trade fair, on a site, by a wrong number — knows how to help.",
    guide: guide(
      "Sooner or later a customer will reach you rather than Customer Care: a wrong number, a neighbour at a school event, an email forwarded three times, a question on site while you are there for something else. Every soldier is a rifleman first: whoever the customer reaches is Northwind Energy for that minute.",
      "The rule is simple. Do not guess and do not pass the customer on without a name. Listen, write down what they need, and hand it to someone who will own it.",
      '- Take their name, address or customer number, and the best way to reach them.\n- Say what will happen next and when, and only promise what you can keep.\n- Log it with Customer Care (the "Customer asked me" form on the intranet) or call the care line\'s internal number.\n- If it is about safety — a smell of burning, water leaking near electrics — tell them to switch the unit off at the isolator and call the emergency line straight away.',
      "Any three attended shadowing sessions complete this module: each one shows you a part of the company a customer might ask you about. While you shadow, notice how the host hands over what they cannot solve themselves, and who they hand it to.",
      "Questions to carry into every session:\n- Who owns this customer's question after the call or visit ends?\n- How would the customer know that someone is working on it?",
    ),
    ruleKind: null,
    requiredCount: 3,
    requiredMinutes: null,
    reflectionRequired: false,
    validityDays: 365,
    core: true,
    assignWeight: 2,
  },
  {
    title: "Follow up",
    summary: "One support-queue session spent on callbacks and open cases: what happens after the customer hangs up.",
    guide: guide(
      'Customers forgive a problem far more readily than silence. Most complaints we receive are not about the original fault but about waiting to hear back: the quote that was promised by Friday, the refund that was "on its way", the engineer who was going to call.',
      "In the support queue you will work through callbacks and follow-ups with an agent. Every case has a promise in it; watch how the agent finds it, keeps it, or explains honestly why it moved.",
      "What to watch for:\n- cases waiting on another team, and how long they have been waiting\n- how the agent writes to a customer when there is no news yet\n- follow-ups that exist only because a first answer was incomplete",
      "Questions to ask:\n- Which teams are hardest to get an answer from, and why?\n- What would a good handover note from my team look like?",
      "Write a reflection: one case that was waiting on a team like yours, and what would have closed it sooner.",
    ),
    ruleKind: "supportQueue",
    requiredCount: 1,
    requiredMinutes: null,
    reflectionRequired: true,
    validityDays: null,
    core: false,
    assignWeight: 1,
  },
  {
    title: "Complaints and how they are resolved",
    summary:
      "Two support-queue sessions with the complaints desk, following a complaint from the first message to the goodwill decision.",
    guide: guide(
      "A complaint is a customer telling us, at some cost to themselves, exactly where we let them down. The complaints desk decides what we put right, what we pay back and what we change so it does not happen again, and many of those decisions land in Finance, Legal and Procurement afterwards.",
      "You will sit with a complaints specialist for two sessions and follow real cases: reading the history, deciding on a response, and agreeing any goodwill payment within the limits we have set.",
      "What to watch for:\n- what the customer asks for, and what they would actually accept\n- how the specialist separates the facts of the case from the feelings in it\n- which complaints repeat, and which team could stop them at the source\n- the wording of the final reply: what we admit, what we offer, what happens next",
      "Questions to ask:\n- When do you escalate to a manager or to Legal?\n- How is a goodwill amount decided, and who signs it off?\n- Which complaint this month could my department have prevented?",
      "After each session, write a reflection on one complaint: its cause, its resolution, and the change that would stop the next one.",
    ),
    ruleKind: "supportQueue",
    requiredCount: 2,
    requiredMinutes: null,
    reflectionRequired: true,
    validityDays: 730,
    core: false,
    assignWeight: 1,
  },
];
