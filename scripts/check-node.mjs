// `npm start` / `npm run dev` need Node 22.12+ because Electron downloads its binary on first
// run with code that requires it. Tests and builds work on Node 20 too.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `TokenDesk: running the app from source needs Node.js 22.12 or newer (you have ${process.versions.node}). ` +
      'Install a newer Node.js from nodejs.org, or use the packaged app. (npm test works on Node 20.)',
  );
  process.exit(1);
}
