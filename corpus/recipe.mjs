// The corpus recipe: every pinned package, the base layers, the applications
// and their releases. Bump RECIPE_VERSION whenever the build logic changes the
// bytes it writes; any edit to the tables below changes the recipe hash by itself.

import { apiIntegrities, apiReleases, apiSources } from './api-app.mjs';
import { API_RUNTIME } from './api-app-recipe.mjs';
import { sha256 } from './util.mjs';

export const RECIPE_VERSION = 1;

// One fixed instant for every timestamp the corpus contains (tar mtimes, the
// image configs' `created`, history entries): 2023-11-14T22:13:20Z.
export const EPOCH = 1700000000;
export const CREATED = '2023-11-14T22:13:20Z';

// Every package the corpus uses, pinned to an exact version together with the
// registry's dist.integrity for that tarball (what a lockfile records).
// Downloads are checked against these before use.
const CLASSIC_PACKAGES = {
  // pure-JS packages for the base layers
  'lodash@4.17.21': 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
  'ms@2.1.2': 'sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==',
  'debug@4.3.4': 'sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==',
  'commander@12.0.0': 'sha512-MwVNWlYjDTtOjX5PiD7o5pK0UrFU/OYgcJfjjK4RaHZETNtjJqrZa9Y9ds88+A+f+d5lv+561eZ+yCKoS3gbAA==',
  'chalk@5.3.0': 'sha512-dLitG79d+GV1Nb/VYcCDFivJeK1hiukt9QjRNVOsUtTy1rR1YJsmpGGTZ3qJos+uw7WmWF4wUwBd9jxjocFC2w==',
  'yaml@2.4.1': 'sha512-pIXzoImaqmfOrL7teGUBt/T7ZDnyeGBWyXQBvOVhLkWLN37GXv8NMLK406UY6dS51JfcQHsmcW5cJ441bHg6Lg==',
  'yaml@2.4.5': 'sha512-aBx2bnqDzVOyNKfsysjA2ms5ZlnjSAW2eG3/L5G/CSujfjLJTJsEw1bGw8kCf04KodQWk1pxlGnZ56CRxiawmg==',
  'semver@7.6.0': 'sha512-EnwXhrlwXMk9gKu5/flx5sv/an57AkRplG3hTK68W7FRDN+k+OWBj65M7719OkA82XLBxrcX0KSHj+X5COhOVg==',
  'semver@7.6.2': 'sha512-FNAIBWCx9qcRhoHcgcJ0gvU7SN1lYU2ZXuSfl04bSC5OpvDHFyJCjdNHomPXxjQlCBU67YW64PzY7/VIEH7F2w==',
  'lru-cache@6.0.0': 'sha512-Jo6dJ04CmSjuznwJSS3pUeWmd/H0ffTlkXXgwZi+eq1UCmqQwCh+eLsYOYCwY991i2Fah4h1BEMCx4qThGbsiA==',
  'yallist@4.0.0': 'sha512-3wdGidZyq5PB084XLES5TpOSRA3wjXAlIWMhum2kRcv/41Sn2emQ0dycQW4uZXLejwKvg6EsvbdlVL+FYEct7A==',
  // esbuild: JS wrapper + Go binary (~9.6 MB)
  'esbuild@0.20.0': 'sha512-6iwE3Y2RVYCME1jLpBqq7LQWK3MW6vjV2bZy6gt/WrqkY+WE74Spyc0ThAOYpMtITvnjX09CrC6ym7A/m9mebA==',
  'esbuild@0.20.1': 'sha512-OJwEgrpWm/PCMsLVWXKqvcjme3bHNpOgN7Tb6cQnR5n0TPbQx1/Xrn7rqM+wn17bYeT6MGB5sn1Bh5YiGi70nA==',
  'esbuild@0.20.2': 'sha512-WdOOppmUNU+IbZ0PaDiTst80zjnrOkyJNHoKupIcVyU8Lvla3Ugx94VzkQ32Ijqd7UhHJy75gNWDMUekcrSJ6g==',
  'esbuild@0.21.0': 'sha512-eyK64lASNug3Wo2+bQEBnYngjh9rkXUfOus403+OeVZteMon6moIhcEYbrSvcgBN6RsrRWCMoWcKDDK6UEsTOQ==',
  'esbuild@0.21.1': 'sha512-GPqx+FX7mdqulCeQ4TsGZQ3djBJkx5k7zBGtqt9ycVlWNg8llJ4RO9n2vciu8BN2zAEs6lPbPl0asZsAh7oWzg==',
  '@esbuild/linux-x64@0.20.0': 'sha512-H9Eu6MGse++204XZcYsse1yFHmRXEWgadk2N58O/xd50P9EvFMLJTQLg+lB4E1cF2xhLZU5luSWtGTb0l9UeSg==',
  '@esbuild/linux-x64@0.20.1': 'sha512-5gRPk7pKuaIB+tmH+yKd2aQTRpqlf1E4f/mC+tawIm/CGJemZcHZpp2ic8oD83nKgUPMEd0fNanrnFljiruuyA==',
  '@esbuild/linux-x64@0.20.2': 'sha512-1MdwI6OOTsfQfek8sLwgyjOXAu+wKhLEoaOLTjbijk6E2WONYpH9ZU2mNtR+lZ2B4uwr+usqGuVfFT9tMtGvGw==',
  '@esbuild/linux-x64@0.21.0': 'sha512-OGorpObKLm8XlhoJlxtdwECfnESXu3kd8mU1yZ5Xk0vmh0d2xoJjEXJi7y7mjFpc3+XfGQRgHq/gqyIkbufnvA==',
  '@esbuild/linux-x64@0.21.1': 'sha512-da4/1mBJwwgJkbj4fMH7SOXq2zapgTo0LKXX1VUZ0Dxr+e8N0WbS80nSZ5+zf3lvpf8qxrkZdqkOqFfm57gXwA==',
  // Biome: JS wrapper + Rust binary (~24 MB)
  '@biomejs/biome@1.8.0': 'sha512-34xcE2z8GWrIz1sCFEmlHT/+4d+SN7YOqqvzlAKXKvaWPRJ2/NUwxPbRsP01P9QODkQ5bvGvc9rpBihmP+7RJQ==',
  '@biomejs/biome@1.8.1': 'sha512-fQXGfvq6DIXem12dGQCM2tNF+vsNHH1qs3C7WeOu75Pd0trduoTmoO7G4ntLJ2qDs5wuw981H+cxQhi1uHnAtA==',
  '@biomejs/biome@1.8.2': 'sha512-XafCzLgs0xbH0bCjYKxQ63ig2V86fZQMq1jiy5pyLToWk9aHxA8GAUxyBtklPHtPYZPGEPOYglQHj4jyfUp+Iw==',
  '@biomejs/biome@1.8.3': 'sha512-/uUV3MV+vyAczO+vKrPdOW0Iaet7UnJMU4bNMinggGJTAnBPjCoLEYcyYtYHNnUNYlv4xZMH6hVIQCAozq8d5w==',
  '@biomejs/cli-linux-x64@1.8.0': 'sha512-cmgmhlD4QUxMhL1VdaNqnB81xBHb3R7huVNyYnPYzP+AykZ7XqJbPd1KcWAszNjUk2AHdx0aLKEBwCOWemxb2g==',
  '@biomejs/cli-linux-x64@1.8.1': 'sha512-AeBycVdNrTzsyYKEOtR2R0Ph0hCD0sCshcp2aOnfGP0hCZbtFg09D0SdKLbyzKntisY41HxKVrydYiaApp+2uw==',
  '@biomejs/cli-linux-x64@1.8.2': 'sha512-bjhhUVFchFid2gOjrvBe4fg8BShcpyFQTHuB/QQnfGxs1ddrGP30yq3fHfc6S6MoCcz9Tjd3Zzq1EfWfyy5iHA==',
  '@biomejs/cli-linux-x64@1.8.3': 'sha512-I8G2QmuE1teISyT8ie1HXsjFRz9L1m5n83U1O6m30Kw+kPMPSKjag6QGUn+sXT8V+XWIZxFFBoTDEDZW2KPDDw==',
  // SWC: JS wrapper + Rust N-API addon (~49 MB)
  '@swc/core@1.7.0': 'sha512-d4vMzH6ICllDwlPuhset2h8gu/USHdbyfJim+2hQEdxC0UONtfpmu38XBgNqRjStrji1Q5M10jfeUZL3cu1i8g==',
  '@swc/core@1.7.1': 'sha512-M4gxJcvzZCH+QQJGVJDF3kT46C05IUPTFcA1wA65WAdg87MDzpr1mwtB/FmPsdcRFRbJIxET6uCsWgubn+KnJQ==',
  '@swc/core@1.7.2': 'sha512-mjIlT0e6ygKR8LZ1TjtNrDVMhnB8qpyYAdwexhuVHY255yDdDQCpuPGi20odwnE82QhFBSIWs4HcENDVO/yiMw==',
  '@swc/core-linux-x64-gnu@1.7.0': 'sha512-SY3HA0K0Dpqt1HIfMLGpwL4hd4UaL2xHP5oZXPlRQPhUDZrbb4PbI3ZJnh66c63eL4ZR8EJ+HRFI0Alx5p69Zw==',
  '@swc/core-linux-x64-gnu@1.7.1': 'sha512-941tua/RtD/5GxHZOdLiRp/RIloqIlkJKy9ogbdSEI9VJ3Z5x1LznvxHfOI1mTifJMBwNSJLxtL9snUwxwLgEg==',
  '@swc/core-linux-x64-gnu@1.7.2': 'sha512-Loz10Hy6z5mBIAOe6OInOVsYu+PVxyknCB3thtr7QH+uqEz6dcXhU2ERrO2Lf4dsTsFs/Wb80rv8zTSwB8dpsw==',
  '@swc/counter@0.1.3': 'sha512-e2BR4lsJkkRlKZ/qCHPw9ZaSxc0MVUd7gtbtaB7aMvHeJVYe8sOB8DBZkP2DtISHGSku9sCK6T6cnY0CtXrOCQ==',
  '@swc/types@0.1.12': 'sha512-wBJA+SdtkbFhHjTMYH+dEH1y4VpfGdAc2Kw/LK09i9bXd/K6j6PkDcFCEzb6iVfZMkPRrl/q0e3toqTAJdkIVA==',
  // TypeScript: large pure-JS files that change a little between patches
  'typescript@5.4.3': 'sha512-KrPd3PKaCLr78MalgiwJnA25Nm8HAmdwN3mYUYZgG/wizIo9EainNVQI9/yDavtVFRN2h3k8uf3GLHuhDMgEHg==',
  'typescript@5.4.4': 'sha512-dGE2Vv8cpVvw28v8HCPqyb08EzbBURxDpuhJvTrusShUfGnhHBafDsLdS1EhhxyL6BJQE+2cT3dDPAv+MQ6oLw==',
  'typescript@5.4.5': 'sha512-vcI4UpRgg81oIRUFwR0WSIHKt11nJ7SAVlYNIu+QpqeyXP+gpQJy/Z4+F0aGxSE4MqwjyXvW/TzgkLAx2AGHwQ==',
};

// ... and the api-app's runtime and dependency tree (api-app-recipe.mjs).
export const PACKAGES = mergePins(CLASSIC_PACKAGES, apiIntegrities());

function mergePins(a, b) {
  for (const [spec, integrity] of Object.entries(b)) {
    if (a[spec] && a[spec] !== integrity) throw new Error(`${spec} is pinned to two integrities`);
  }
  return { ...a, ...b };
}

// Base layers: a fixed set of pure-JS libraries, shared verbatim by many
// images. "2024.06" is a slightly refreshed "2024.03" (semver and yaml bumped,
// semver's lru-cache/yallist dependencies gone), so some upgrades change the
// base layer a little instead of not at all.
export const BASES = {
  '2024.03': ['chalk@5.3.0', 'commander@12.0.0', 'debug@4.3.4', 'lodash@4.17.21', 'lru-cache@6.0.0',
    'ms@2.1.2', 'semver@7.6.0', 'yallist@4.0.0', 'yaml@2.4.1'],
  '2024.06': ['chalk@5.3.0', 'commander@12.0.0', 'debug@4.3.4', 'lodash@4.17.21', 'ms@2.1.2',
    'semver@7.6.2', 'yaml@2.4.5'],
};

// Applications, each in consecutive real releases (listed in release order).
// Every image has three layers: base (BASES[base]), deps (the release's
// packages) and app (a few generated files naming the version). The last one,
// api-app, is in the seeds' shape instead: runtime (Node.js under /usr/local),
// deps (a 172-package npm tree under /opt/app/node_modules) and app (its own
// sources); its releases carry `runtime`, `tree` and `bumped` (see api-app.mjs).
export const APPS = [
  {
    app: 'esbuild-app',
    dockerArchive: true, // also written in `docker save` format
    entrypoint: ['/opt/app/node_modules/@esbuild/linux-x64/bin/esbuild'],
    releases: [
      { version: '0.20.0', base: '2024.03', deps: ['esbuild@0.20.0', '@esbuild/linux-x64@0.20.0'] },
      { version: '0.20.1', base: '2024.03', deps: ['esbuild@0.20.1', '@esbuild/linux-x64@0.20.1'] },
      { version: '0.20.2', base: '2024.03', deps: ['esbuild@0.20.2', '@esbuild/linux-x64@0.20.2'] },
      { version: '0.21.0', base: '2024.03', deps: ['esbuild@0.21.0', '@esbuild/linux-x64@0.21.0'] },
      { version: '0.21.1', base: '2024.03', deps: ['esbuild@0.21.1', '@esbuild/linux-x64@0.21.1'] },
    ],
  },
  {
    app: 'biome-app',
    entrypoint: ['/opt/app/node_modules/@biomejs/cli-linux-x64/biome'],
    releases: [
      { version: '1.8.0', base: '2024.03', deps: ['@biomejs/biome@1.8.0', '@biomejs/cli-linux-x64@1.8.0'] },
      { version: '1.8.1', base: '2024.03', deps: ['@biomejs/biome@1.8.1', '@biomejs/cli-linux-x64@1.8.1'] },
      { version: '1.8.2', base: '2024.06', deps: ['@biomejs/biome@1.8.2', '@biomejs/cli-linux-x64@1.8.2'] },
      { version: '1.8.3', base: '2024.06', deps: ['@biomejs/biome@1.8.3', '@biomejs/cli-linux-x64@1.8.3'] },
    ],
  },
  {
    app: 'swc-app',
    entrypoint: ['node', '/opt/app/index.js'],
    releases: [
      { version: '1.7.0', base: '2024.06', deps: ['@swc/core@1.7.0', '@swc/core-linux-x64-gnu@1.7.0', '@swc/counter@0.1.3', '@swc/types@0.1.12'] },
      { version: '1.7.1', base: '2024.06', deps: ['@swc/core@1.7.1', '@swc/core-linux-x64-gnu@1.7.1', '@swc/counter@0.1.3', '@swc/types@0.1.12'] },
      { version: '1.7.2', base: '2024.06', deps: ['@swc/core@1.7.2', '@swc/core-linux-x64-gnu@1.7.2', '@swc/counter@0.1.3', '@swc/types@0.1.12'] },
    ],
  },
  {
    app: 'tsc-app',
    entrypoint: ['node', '/opt/app/node_modules/typescript/bin/tsc'],
    releases: [
      { version: '5.4.3', base: '2024.03', deps: ['typescript@5.4.3'] },
      { version: '5.4.4', base: '2024.03', deps: ['typescript@5.4.4'] },
      { version: '5.4.5', base: '2024.06', deps: ['typescript@5.4.5'] },
    ],
  },
  {
    app: 'api-app',
    entrypoint: ['/usr/local/bin/node', '/opt/app/server.js'],
    runtimePrefix: API_RUNTIME.prefix,
    releases: apiReleases(),
  },
];

// The npm packages one release's layers are made of.
export function releaseSpecs(release) {
  if (release.tree) return [release.runtime, ...release.tree.map(([, spec]) => spec)];
  return [...BASES[release.base], ...release.deps];
}

// --small: two releases of one app (with its docker archives), ~9 MB download.
export const SMALL = { app: 'esbuild-app', versions: ['0.20.0', '0.20.1'] };

export const MT = {
  ociLayout: '1.0.0',
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

export function selectApps(small) {
  if (!small) return APPS;
  const app = APPS.find((a) => a.app === SMALL.app);
  return [{ ...app, releases: app.releases.filter((r) => SMALL.versions.includes(r.version)) }];
}

export function recipeHash(variant) {
  const apiSourceHash = sha256(JSON.stringify(apiSources()));
  return sha256(JSON.stringify({ RECIPE_VERSION, EPOCH, CREATED, PACKAGES, BASES, APPS, SMALL, variant, apiSourceHash }));
}
