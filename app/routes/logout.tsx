import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return signOut({ request, context });
}

export async function loader() {
  return redirect("/");
}
