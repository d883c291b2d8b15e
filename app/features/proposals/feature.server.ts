import type { Feature } from "~/features/feature";
import { deriveStoredProposal, resolveProposalAccess, upgradeStoredProposal } from "./collab.server.ts";
import { completeFrozenCopy } from "./frozen-copy.server.ts";
import { isProposalFrozen } from "./proposals.server.ts";
import { proposalsJobs } from "./jobs.server.ts";
import { seedProposals } from "./seed.server.ts";

/** Proposals to SENCE funds, co-written live (listed in app/features/features.server.ts). */
export const proposalsFeature: Feature = {
  name: "proposals",
  jobs: proposalsJobs,
  collabDocuments: {
    proposal: { access: resolveProposalAccess, stored: deriveStoredProposal, upgrade: upgradeStoredProposal, frozen: isProposalFrozen, completeFrozenCopy },
  },
  seedSteps: [seedProposals],
};
