/** What every request handler gets: the database of this process. */
import { getDb, type Db } from "./db/client";
import { readEnv } from "./env";

export interface AppContext {
  db: Db;
}

export function createAppContext(): AppContext {
  return { db: getDb(readEnv().DATABASE_URL) };
}
