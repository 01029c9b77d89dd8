// Integration tests need the brokers up; scripts/brokers.sh up is run by the test command.
// Here we only fail fast, with a clear message, when one is missing.
import net from "node:net";
import { brokerAddresses } from "./brokers";

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 2000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.on("timeout", () => {
      s.destroy();
      resolve(false);
    });
  });
}

export default async function setup(): Promise<void> {
  const missing: string[] = [];
  for (const [name, { host, port }] of Object.entries(brokerAddresses())) {
    if (!(await reachable(host, port))) missing.push(`${name} at ${host}:${port}`);
  }
  if (missing.length) {
    throw new Error(`brokers not reachable: ${missing.join(", ")}. Run: npm run brokers -- up`);
  }
}
