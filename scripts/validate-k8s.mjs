#!/usr/bin/env node
// Validates Kubernetes manifests offline against the schemas of the Kubernetes API.
//
//   node scripts/validate-k8s.mjs [FILE...]          (no FILE, or "-": standard input)
//   kubectl kustomize --load-restrictor LoadRestrictionsNone k8s/overlays/gpu | node scripts/validate-k8s.mjs
//
// Every YAML document must name an apiVersion and kind the Kubernetes API defines; its content is checked by
// the validator that the npm package kubernetes-models generated from the Kubernetes OpenAPI schema (types,
// required fields, enums, formats). Those schemas accept fields they do not declare, while the API server
// refuses them (a misspelled `resouces:` would otherwise be dropped without a word), so this script adds that
// check itself: see strictValidate below. Each problem is printed as one line naming the source, the
// document (kind/name), the JSON path and the message. Exit status: 0 valid, 1 invalid, 2 cannot run.
//
// The packages come from scripts/setup-k8s-schemas.sh (pinned in scripts/k8s-validate/package-lock.json);
// HDC_K8S_MODULES may name another node_modules folder holding them.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = process.env.HDC_K8S_MODULES || join(repoRoot, ".tools", "k8s-validate", "current", "node_modules");

function cannotRun(message) {
  process.stderr.write(`validate-k8s: ${message}\n`);
  process.exit(2);
}

if (!existsSync(join(modules, "kubernetes-models", "package.json")) || !existsSync(join(modules, "yaml", "package.json"))) {
  cannotRun(`kubernetes-models and yaml are not installed in ${modules}; run scripts/setup-k8s-schemas.sh`);
}

const require = createRequire(join(modules, "noop.js"));
const YAML = require("yaml");
const modelsRoot = join(modules, "kubernetes-models");
// The group/versions the package defines, e.g. "v1", "apps/v1", "networking.k8s.io/v1": its export map lists them.
const groupVersions = new Set(
  Object.keys(JSON.parse(readFileSync(join(modelsRoot, "package.json"), "utf8")).exports)
    .filter((key) => /^\.\/([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(key))
    .map((key) => key.slice(2)),
);
const loadedGroupVersions = new Map();
const containerLists = new Set(["containers", "initContainers", "ephemeralContainers"]);
const pointer = (key) => key.replaceAll("~", "~0").replaceAll("/", "~1");

async function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || !groupVersions.has(apiVersion)) {
    return { error: `unknown apiVersion ${JSON.stringify(apiVersion)}` };
  }

  if (!loadedGroupVersions.has(apiVersion)) {
    loadedGroupVersions.set(apiVersion, await import(pathToFileURL(join(modelsRoot, apiVersion, "index.js")).href));
  }

  // The package also exports the nested types (Container, PodSpec...): only a class that carries this
  // apiVersion and kind is a top-level kind.
  const model = typeof kind === "string" ? loadedGroupVersions.get(apiVersion)[kind] : undefined;
  if (typeof model !== "function" || model.apiVersion !== apiVersion || model.kind !== kind) {
    return { error: `unknown kind ${JSON.stringify(kind)} in ${apiVersion}` };
  }

  return { model };
}

// Runs the generated validator of `model` on `document` and returns its errors plus every field it does not
// declare. The generated validators are compiled code, not schemas we could walk, so the declared fields are
// learnt from the validator itself: it runs on a proxy of the document that records, for each object, which
// properties the validator looked up (a schema with `properties` or `required` reads exactly those) and
// whether it enumerated the object's keys (a map such as labels, whose keys are free). Afterwards an object
// whose properties were looked up, and that was not enumerated, may hold no other key. An object the
// validator never looked into is free-form (e.g. a RawExtension) and left alone.
function strictValidate(model, document) {
  const read = new Map();
  const enumerated = new Set();
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (value === null || typeof value !== "object") {
      return value;
    }

    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          if (typeof key === "string" && !Array.isArray(target)) {
            (read.get(target) ?? read.set(target, new Set()).get(target)).add(key);
          }

          return wrap(Reflect.get(target, key, receiver));
        },
        has(target, key) {
          if (typeof key === "string" && !Array.isArray(target)) {
            (read.get(target) ?? read.set(target, new Set()).get(target)).add(key);
          }

          return Reflect.has(target, key);
        },
        ownKeys(target) {
          enumerated.add(target);
          return Reflect.ownKeys(target);
        },
      });
      proxies.set(value, proxy);
    }

    return proxy;
  };

  const problems = [];
  try {
    // A model's validate() hands `this` to the generated validator and throws its errors, made readable.
    model.prototype.validate.call(wrap(document));
  } catch (error) {
    if (!Array.isArray(error?.errors)) {
      throw error;
    }

    for (const e of error.errors) {
      const detail = e.keyword === "enum" ? `: ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}` : "";
      problems.push({ path: e.instancePath || "/", message: `${e.message}${detail}` });
    }
  }

  const walk = (value, path) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}/${i}`));
    } else if (value !== null && typeof value === "object") {
      const known = read.get(value);
      for (const [key, child] of Object.entries(value)) {
        if (known && !enumerated.has(value) && !known.has(key)) {
          problems.push({ path: `${path}/${pointer(key)}`, message: `unknown field ${JSON.stringify(key)}` });
          continue;
        }

        // The schema leaves a container's image optional (for tools that fill it in later); the API server
        // refuses a pod or pod template whose container has none.
        if (containerLists.has(key) && Array.isArray(child)) {
          child.forEach((container, i) => {
            if (container !== null && typeof container === "object" && !Array.isArray(container) && (typeof container.image !== "string" || container.image === "")) {
              problems.push({ path: `${path}/${key}/${i}`, message: "must have required property image (the API server requires one)" });
            }
          });
        }

        walk(child, `${path}/${pointer(key)}`);
      }
    }
  };
  walk(document, "");
  return problems;
}

async function validateText(source, text) {
  const lines = [];
  let count = 0;
  // YAML 1.1 as the Kubernetes tools read it: an unquoted yes/no/on/off is a boolean there, and octal 0644
  // a number. A timestamp-like scalar stays a string, as they leave it when the target type is not a time.
  const lineCounter = new YAML.LineCounter();
  const documents = YAML.parseAllDocuments(text, {
    version: "1.1",
    customTags: (tags) => tags.filter((tag) => tag.tag !== "tag:yaml.org,2002:timestamp"),
    prettyErrors: false,
    lineCounter,
  });
  for (const [index, parsed] of (Array.isArray(documents) ? documents : [documents]).entries()) {
    const where = `${source}: document ${index + 1}`;
    if (parsed.errors.length > 0) {
      lines.push(...parsed.errors.map((e) => `${where}: YAML, line ${lineCounter.linePos(e.pos[0]).line}: ${e.message}`));
      continue;
    }

    const document = parsed.toJS({ maxAliasCount: 100 });
    if (document === null || document === undefined) {
      continue; // an empty document, e.g. after a trailing ---
    }

    count++;
    if (typeof document !== "object" || Array.isArray(document)) {
      lines.push(`${where}: not a Kubernetes object (a mapping with apiVersion and kind)`);
      continue;
    }

    const name = `${document.kind ?? "?"}/${document.metadata?.name ?? document.metadata?.generateName ?? "?"}`;
    const { model, error } = await modelClass(document.apiVersion, document.kind);
    if (error) {
      lines.push(`${where} (${name}): ${error}`);
      continue;
    }

    for (const p of strictValidate(model, document)) {
      lines.push(`${where} (${name}): ${p.path}: ${p.message}`);
    }
  }

  return { lines, count };
}

// The unknown-field check rests on how the generated validators read a document; make sure it still works
// with the installed package before trusting a clean result.
async function selfCheck() {
  const { model } = await modelClass("v1", "Pod");
  const problems = model ? strictValidate(model, { apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "i", resouces: {} }] } }) : [];
  if (problems.length !== 1 || problems[0].path !== "/spec/containers/0/resouces") {
    cannotRun(`the unknown-field check does not work with the installed kubernetes-models (got ${JSON.stringify(problems)})`);
  }
}

await selfCheck();
const sources = process.argv.slice(2);
let failed = false;
let total = 0;
for (const source of sources.length > 0 ? sources : ["-"]) {
  let text;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (error) {
    cannotRun(`cannot read ${source}: ${error.message}`);
  }

  const { lines, count } = await validateText(source === "-" ? "<stdin>" : source, text);
  total += count;
  for (const line of lines) {
    process.stdout.write(`${line}\n`);
  }

  failed ||= lines.length > 0;
}

if (total === 0 && !failed) {
  process.stdout.write("validate-k8s: no Kubernetes object in the input\n");
  failed = true;
}

process.stdout.write(failed ? "validate-k8s: invalid\n" : `validate-k8s: ${total} objects valid\n`);
process.exit(failed ? 1 : 0);
