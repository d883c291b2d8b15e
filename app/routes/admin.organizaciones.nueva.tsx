import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { territoryOptions } from "~/features/organizations/options.server";
import { OrganizationFormView } from "~/features/organizations/organization-form";
import { createOrganization } from "~/features/organizations/organizations.server";
import { OrganizationFormSchema } from "~/features/organizations/schema";
import { fieldErrorResponse, parseFormOr400 } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Nueva organización · Red OMIL" }];

const anyOrganization = { type: "organization", id: "", kind: "omil", regionCode: null } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "create", anyOrganization);
  return json(await territoryOptions(getDb()));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "create", anyOrganization);
  const { submission, value } = parseFormOr400(await request.formData(), OrganizationFormSchema);
  try {
    await createOrganization(getDb(), value);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
  return redirect("/admin/organizaciones");
}

export default function NewOrganizationPage() {
  const options = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <>
      <h1>Nueva organización</h1>
      <OrganizationFormView {...options} lastResult={lastResult} defaultValue={{ kind: "omil" }} submitLabel="Crear organización" />
    </>
  );
}
