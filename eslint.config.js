import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = {
  paths: [
    { name: 'electron', message: 'The core, shared code and the renderer must not import electron: put Electron code in src/main/shell.' },
  ],
  patterns: [{ group: ['electron/*'], message: 'No electron imports here.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // electron-builder loads afterPack hooks with require(): this file must stay CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/main/core/**', 'src/shared/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // ipcRenderer belongs to the preload alone.
    files: ['src/main/**', 'src/shared/**', 'src/renderer/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name='ipcRenderer']", message: 'ipcRenderer is only used in src/preload.' },
      ],
    },
  },
);
