import { PNG } from "pngjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GraphSandbox, startGraphSandbox } from "../support/sandbox-graph";

describe("sandbox Graph: profile photos", () => {
  let g: GraphSandbox;
  beforeEach(async () => {
    g = await startGraphSandbox({ agentCount: 80 });
  });
  afterEach(() => g.close());

  const withPhoto = () => g.control.snapshot().users.filter((user) => user.photoEtag !== null);
  const withoutPhoto = () => g.control.snapshot().users.filter((user) => user.photoEtag === null);
  const bytesOf = async (path: string) => {
    const response = await g.get(path);
    expect(response.status).toBe(200);
    return {
      type: response.headers.get("content-type"),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  it("describes a photo as Graph does", async () => {
    const [user] = withPhoto();
    const { response, body } = await g.getJson(`/v1.0/users/${user?.id}/photo`);
    expect(response.status).toBe(200);
    expect(body).toEqual({
      "@odata.context": `${g.url}/v1.0/$metadata#users('${user?.id}')/photo/$entity`,
      "@odata.mediaContentType": "image/png",
      "@odata.mediaEtag": user?.photoEtag,
      id: "240X240",
      height: 240,
      width: 240,
    });
    expect(user?.photoEtag).toMatch(/^"[0-9A-F]+"$/);
    const sized = await g.getJson(`/v1.0/users/${user?.id}/photos/240x240`);
    expect(sized.body["@odata.mediaEtag"]).toBe(user?.photoEtag);
  });

  it("serves a 240×240 PNG avatar under 50 KB, the same on both paths and per seed", async () => {
    const users = withPhoto().slice(0, 12);
    expect(users.length).toBeGreaterThan(5);
    const sizes = new Set<number>();
    for (const user of users) {
      const photo = await bytesOf(`/v1.0/users/${user.id}/photo/$value`);
      expect(photo.type).toBe("image/png");
      expect(photo.bytes.length).toBeLessThanOrEqual(50 * 1024);
      const png = PNG.sync.read(photo.bytes);
      expect([png.width, png.height]).toEqual([240, 240]);
      sizes.add(photo.bytes.length);
      const sized = await bytesOf(`/v1.0/users/${user.id}/photos/240x240/$value`);
      expect(sized.bytes.equals(photo.bytes)).toBe(true);
    }
    expect(sizes.size).toBeGreaterThan(1);

    const [first] = users;
    const twin = await startGraphSandbox({ agentCount: 80 });
    const stranger = await startGraphSandbox({ agentCount: 80, seed: 99 });
    try {
      const mine = await bytesOf(`/v1.0/users/${first?.id}/photo/$value`);
      const same = await twin.get(`/v1.0/users/${first?.id}/photo/$value`);
      expect(Buffer.from(await same.arrayBuffer()).equals(mine.bytes)).toBe(true);
      const other = await stranger.get(`/v1.0/users/${first?.id}/photo/$value`);
      expect(Buffer.from(await other.arrayBuffer()).equals(mine.bytes)).toBe(false);
    } finally {
      await twin.close();
      await stranger.close();
    }
  });

  it("answers 404 ImageNotFound without a photo and Request_ResourceNotFound for no user", async () => {
    const [user] = withoutPhoto();
    for (const path of [`/v1.0/users/${user?.id}/photo`, `/v1.0/users/${user?.id}/photo/$value`]) {
      const { response, body } = await g.getJson(path);
      expect(response.status).toBe(404);
      expect(body.error.code).toBe("ImageNotFound");
      expect(body.error.message).toBe(
        "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
      );
    }
    const [pictured] = withPhoto();
    const larger = await g.getJson(`/v1.0/users/${pictured?.id}/photos/648x648/$value`);
    expect(larger.body.error.code).toBe("ImageNotFound");
    const missing = await g.getJson("/v1.0/users/00000000-0000-4000-8000-000000000000/photo");
    expect(missing.response.status).toBe(404);
    expect(missing.body.error.code).toBe("Request_ResourceNotFound");
  });

  it("changes the etag when the photo changes, and clears it", async () => {
    const [user] = withPhoto();
    const id = user?.id ?? "";
    const before = await bytesOf(`/v1.0/users/${id}/photo/$value`);
    const regenerated = g.control.setPhoto(id, { regenerate: true });
    expect(regenerated).not.toBe(user?.photoEtag);
    const after = await bytesOf(`/v1.0/users/${id}/photo/$value`);
    expect(after.bytes.equals(before.bytes)).toBe(false);

    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    const uploaded = g.control.setPhoto(id, { bytes: jpeg, contentType: "image/jpeg" });
    expect(uploaded).not.toBe(regenerated);
    const meta = await g.getJson(`/v1.0/users/${id}/photo`);
    expect(meta.body["@odata.mediaContentType"]).toBe("image/jpeg");
    expect(meta.body["@odata.mediaEtag"]).toBe(uploaded);
    const served = await bytesOf(`/v1.0/users/${id}/photo/$value`);
    expect(served.type).toBe("image/jpeg");
    expect(served.bytes.equals(jpeg)).toBe(true);

    g.control.clearPhoto(id);
    expect((await g.get(`/v1.0/users/${id}/photo`)).status).toBe(404);
    expect(
      g.control.snapshot().users.find((candidate) => candidate.id === id)?.photoEtag,
    ).toBeNull();
  });

  it("keeps photo changes out of users/delta, as Graph does", async () => {
    const round0 = await g.round("/v1.0/users/delta?$select=displayName");
    const [pictured] = withPhoto();
    const [bare] = withoutPhoto();
    g.control.setPhoto(pictured?.id ?? "", { regenerate: true });
    g.control.setPhoto(bare?.id ?? "", { regenerate: true });
    expect((await g.round(round0.deltaLink)).items).toEqual([]);
    expect((await g.get(`/v1.0/users/${bare?.id}/photo/$value`)).status).toBe(200);
  });

  it("requires User.Read.All", async () => {
    const [user] = withPhoto();
    const token = await g.token(["GroupMember.Read.All"]);
    const { response, body } = await g.getJson(`/v1.0/users/${user?.id}/photo/$value`, { token });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("Authorization_RequestDenied");
  });
});
