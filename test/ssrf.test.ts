// End-to-end SSRF: with no private destinations allowed, deliveries to every spelling of a
// loopback, private, link-local or reserved address fail at once as destination_blocked,
// and a live receiver on loopback hears nothing. The API refuses such URLs on input, so
// the rows are written directly, as if a public name had later resolved to a private
// address.
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import { type HeraldFixture, startHerald } from "@herald/api/testing";
import { generateSigningSecret, Keyring, newId } from "@herald/db";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, sleep, startReceiver, TenantClient } from "./src/index.js";

let h: HeraldFixture;
let receiver: Receiver;
let t: TenantClient;
let owner: postgres.Sql;

beforeAll(async () => {
  h = await startHerald({ worker: true, env: { HERALD_ALLOW_PRIVATE_DESTINATIONS: "" } });
  receiver = await startReceiver(() => ({ status: 200, body: "reached" }));
  t = await TenantClient.create(h);
  await t.createEventType("ssrf.probe");
  owner = postgres(h.tdb.ownerUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await owner?.end({ timeout: 5 });
  await h?.stop();
  await receiver?.close();
});

/** An endpoint row and its sealed secret, written past the API's URL validation. */
async function insertEndpoint(url: string, eventTypes: string[]): Promise<string> {
  const id = newId("endpoint");
  const sealed = Keyring.from(h.tdb.masterKey).seal(generateSigningSecret());
  await owner.begin(async (sql) => {
    await sql`insert into endpoints (id, tenant_id, url, event_types, timeout_ms)
      values (${id}, ${t.tenantId}, ${url}, ${eventTypes}, 5000)`;
    await sql`insert into endpoint_secrets (id, tenant_id, endpoint_id, ciphertext, key_id)
      values (${newId("endpointSecret")}, ${t.tenantId}, ${id}, ${sealed.ciphertext}, ${sealed.keyId})`;
  });
  return id;
}

function forms(port: number): string[] {
  return [
    `http://127.1:${port}/`,
    `http://2130706433:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://127.0.0.1:${port}/`,
    `https://127.0.0.1:${port}/`,
    `http://user:pass@127.0.0.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[::ffff:0:127.0.0.1]:${port}/`,
    `http://[64:ff9b::127.0.0.1]:${port}/`,
    `http://[2002:7f00:1::]:${port}/`,
    `http://[::127.0.0.1]:${port}/`,
    `http://localhost:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://[::1]:${port}/`,
    `http://[::]:${port}/`,
    "http://169.254.169.254/latest/meta-data/",
    "http://168.63.129.16/",
    "http://100.64.0.1/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.0.1/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
  ];
}

describe("SSRF guard, end to end", () => {
  it("blocks every private spelling after one attempt, and nothing reaches the receiver", async () => {
    const urls = forms(receiver.port);
    // This machine's own name, when it resolves only to loopback: the connect-time
    // lookup hook must catch names, not just literal IPs.
    const self = hostname();
    const addresses = await lookup(self, { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every((a) => /^127\.|^::1$/.test(a.address))) {
      urls.push(`http://${self}:${receiver.port}/`);
    }
    const ids = new Map<string, string>();
    for (const url of urls) ids.set(await insertEndpoint(url, ["ssrf.probe"]), url);
    expect(ids.size).toBeGreaterThanOrEqual(11);

    const msgId = await t.publishOk("ssrf.probe", { probe: true });
    const message = await t.waitForSettled(msgId, ids.size, 60_000);
    expect(message.deliveries).toHaveLength(ids.size);

    const byUrl = (a: { url?: string | undefined }, b: { url?: string | undefined }) =>
      String(a.url).localeCompare(String(b.url));
    const report = message.deliveries.map((d) => ({
      url: ids.get(d.endpointId!),
      status: d.status,
      attemptCount: d.attemptCount,
      errorCodes: d.attempts.map((a) => a.errorCode),
      statusCodes: d.attempts.map((a) => a.statusCode),
    }));
    expect(report.sort(byUrl)).toEqual(
      [...ids.values()]
        .map((url) => ({
          url,
          status: "FAILED",
          attemptCount: 1,
          errorCodes: ["destination_blocked"],
          statusCodes: [null],
        }))
        .sort(byUrl),
    );
    for (const d of message.deliveries) {
      // Customers are told it is not allowed, never which internal range it hit.
      expect(d.attempts[0]!.error).toBe("destination is not allowed");
    }

    // No retry is scheduled and nothing ever arrives.
    await sleep(1500);
    expect(receiver.received).toHaveLength(0);
    const [row] = await owner<{ pending: number }[]>`
      select count(*)::int as pending from deliveries where message_id = ${msgId} and status <> 'failed'`;
    expect(row!.pending).toBe(0);
  });

  it("refuses private destinations when an endpoint is created", async () => {
    const rejected = [
      "http://127.0.0.1/",
      `http://127.0.0.1:${receiver.port}/`,
      "https://127.0.0.1/",
      "https://127.1/",
      "https://0x7f000001/",
      "https://localhost/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://169.254.169.254/",
      "https://10.1.2.3/",
      "https://[fc00::1]/",
      "https://0.0.0.0/",
    ];
    const results: Record<string, string> = {};
    for (const url of rejected) {
      results[url] = (await t.createEndpointRaw({ url })).__typename;
    }
    expect(results).toEqual(Object.fromEntries(rejected.map((u) => [u, "ValidationError"])));
    const first = await t.createEndpointRaw({ url: "http://127.0.0.1/" });
    expect(first.message).toMatch(/url/i);
  });

  it("guards test sends too: by URL (400) and by an endpoint whose URL is private", async () => {
    const viaUrl = await t.rest("/v1/webhooks/test", { url: `${receiver.url}/test` });
    expect(viaUrl.status).toBe(400);

    const endpointId = await insertEndpoint(`http://localhost:${receiver.port}/test`, [
      "nothing.here",
    ]);
    const viaEndpoint = await t.rest("/v1/webhooks/test", { endpointId });
    expect(viaEndpoint.status).toBe(200);
    expect(viaEndpoint.body).toMatchObject({
      success: false,
      statusCode: null,
      error: "destination is not allowed",
    });
    const data = await t.gql(
      `mutation($id: ID!) { sendTestEvent(input: {endpointId: $id}) {
        __typename ... on SendReport { success statusCode error } } }`,
      { id: endpointId },
    );
    expect(data.sendTestEvent).toEqual({
      __typename: "SendReport",
      success: false,
      statusCode: null,
      error: "destination is not allowed",
    });
    expect(receiver.received).toHaveLength(0);
  });
});
