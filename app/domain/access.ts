/**
 * The roles a person holds (README.md, "It is for four kinds of people") and what pages show
 * because of them. Who may do what is the table in `./permissions`.
 */

export const ROLES = ["employee", "host", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  employee: "Employee",
  host: "Host",
  manager: "Manager",
  admin: "Admin",
};

export interface RoleFlags {
  isHost: boolean;
  isManager: boolean;
  isAdmin: boolean;
}

/** The signed-in person as every page sees them. */
export interface Viewer extends RoleFlags {
  id: number;
  name: string;
  email: string;
  departmentId: number;
  departmentName: string;
  timeZone: string;
  roles: Role[];
}

/** Everyone is an employee first; the flags add the rest. */
export function rolesOf(flags: RoleFlags): Role[] {
  const roles: Role[] = ["employee"];
  if (flags.isHost) roles.push("host");
  if (flags.isManager) roles.push("manager");
  if (flags.isAdmin) roles.push("admin");
  return roles;
}

export function hasRole(viewer: Pick<Viewer, "roles">, role: Role): boolean {
  return viewer.roles.includes(role);
}

export interface NavItem {
  to: string;
  label: string;
}

/** The navigation a person sees, in the order of their day: their own work, then what they run. */
export function navigationFor(viewer: Pick<Viewer, "roles">): NavItem[] {
  const items: NavItem[] = [
    { to: "/", label: "Home" },
    { to: "/sessions", label: "Find sessions" },
    { to: "/bookings", label: "My bookings" },
    { to: "/progress", label: "My progress" },
  ];
  // "Hosting", not "My sessions": the sessions a person runs are never read as ones they booked.
  if (hasRole(viewer, "host")) items.push({ to: "/hosting", label: "Hosting" });
  if (hasRole(viewer, "manager") || hasRole(viewer, "admin")) items.push({ to: "/team", label: "Team" });
  if (hasRole(viewer, "manager") || hasRole(viewer, "admin")) items.push({ to: "/planner", label: "Planner" });
  if (hasRole(viewer, "admin")) items.push({ to: "/admin", label: "Admin" });
  items.push({ to: "/calendar", label: "Calendar feeds" });
  return items;
}

/**
 * Confidential customer names are shown to the session's host, the shadows booked on it and
 * admins; everyone else reads "Confidential customer".
 */
export function maySeeCustomer(
  viewer: Pick<Viewer, "id" | "isAdmin">,
  session: { hostId: number; customerConfidential: boolean },
  viewerIsBookedShadow: boolean,
): boolean {
  return !session.customerConfidential || viewer.isAdmin || viewer.id === session.hostId || viewerIsBookedShadow;
}
