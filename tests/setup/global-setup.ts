import type { TestProject } from "vitest/node";
import { prepareTemplate, dropTemplate } from "./database-template";

/**
 * Once per `vitest run`: a migrated template database. Each test file clones it
 * (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: load a data-dir dump), so files
 * never share state and never depend on leftovers.
 */
export default async function setup(project: TestProject) {
  const template = await prepareTemplate();
  project.provide("dbTemplate", template);
  return async () => {
    await dropTemplate(template);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: import("./database-template").DatabaseTemplate;
  }
}
