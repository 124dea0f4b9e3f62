// Keep .digest-cache/ between Netlify deploys, so that a deploy renders only what changed.
// Netlify starts every deploy from a fresh clone; its cache utilities carry the folder over.
const CACHE = ".digest-cache";

module.exports = {
  // Before `digest build`: bring back the last deploy's cache (nothing happens on the first).
  async onPreBuild({ utils }) {
    if (await utils.cache.restore(CACHE)) {
      console.log(`digest: restored ${CACHE}/ from the last deploy`);
    }
  },
  // After a successful build: keep the cache for the next deploy.
  async onPostBuild({ utils }) {
    if (await utils.cache.save(CACHE)) {
      console.log(`digest: saved ${CACHE}/ for the next deploy`);
    }
  },
};
