import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { territoryOptions } from "~/features/organizations/options.server";
import { OrganizationFormView } from "~/features/organizations/organization-form";
import { getOrganization, updateOrganization } from "~/features/organizations/organizations.server";
import { OrganizationFormSchema } from "~/features/organizations/schema";
import type { Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { fieldErrorResponse, parseFormOr400 } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Editar organización · Red OMIL" }];

/** An organization the actor may edit; anything else is a 404 (no hint that it exists). */
async function editableOrganization(actor: Actor, id: string) {
  const found = await getOrganization(getDb(), id);
  if (!found || !can(actor, "update", { type: "organization", id: found.org.id, kind: found.org.kind, regionCode: found.org.regionCode })) {
    throw notFound("No encontramos esa organización.");
  }
  return found.org;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const org = await editableOrganization(actor, params.orgId ?? "");
  const options = await territoryOptions(getDb(), actor.role === "nc_admin" ? null : org.regionCode);
  return json({ org, ...options });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const org = await editableOrganization(actor, params.orgId ?? "");
  const { submission, value } = parseFormOr400(await request.formData(), OrganizationFormSchema);
  try {
    await updateOrganization(getDb(), org.id, value, actor);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
  return redirect("/admin/organizaciones");
}

export default function EditOrganizationPage() {
  const { org, comunas, regions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <>
      <h1>{org.name}</h1>
      <OrganizationFormView
        comunas={comunas}
        regions={regions}
        lastResult={lastResult}
        lockKind
        defaultValue={{
          kind: org.kind,
          name: org.name,
          comunaCode: org.comunaCode,
          regionCode: org.regionCode,
          category: org.category,
          email: org.email,
          phone: org.phone,
          address: org.address,
        }}
        submitLabel="Guardar cambios"
      />
    </>
  );
}
