import { describePageAudit } from "./page-audit";

/** The page audit (page-audit.ts) of the funders' and the coordination's pages. */
describePageAudit("funders");
