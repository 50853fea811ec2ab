/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary so it
 * cannot be turned into a general Node runtime or have code injected at start-up.
 */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** @param {import('electron-builder').AfterPackContext} context */
exports.default = async function afterPack(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  const executable = {
    darwin: path.join(appOutDir, `${name}.app`),
    mas: path.join(appOutDir, `${name}.app`),
    win32: path.join(appOutDir, `${name}.exe`),
    linux: path.join(appOutDir, packager.executableName ?? name.toLowerCase()),
  }[electronPlatformName];
  if (!executable) throw new Error(`fuses: unknown platform ${electronPlatformName}`);

  await flipFuses(executable, {
    version: FuseVersion.V1,
    // macOS arm64 binaries must be re-signed after flipping; electron-builder signs afterwards.
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' && context.arch === 3 /* Arch.arm64 */,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  });
};
