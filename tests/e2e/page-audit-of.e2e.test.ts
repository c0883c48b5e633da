import { describePageAudit } from "./page-audit";

/** The page audit (page-audit.ts) of the OFs' and visitors' pages, and its self-check. */
describePageAudit("of");
