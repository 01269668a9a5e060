// Lint rules. The one that matters most: workflow code runs in Temporal's deterministic
// sandbox, so it may not import Node built-ins, IO libraries or non-workflow SDK packages.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'scratch/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/engine/committee/**/*.ts', 'src/engine/workflows.ts', 'src/engine/health-check-workflow.ts', 'src/engine/protocol.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in workflow or domain code (deterministic sandbox).' })),
          patterns: [
            {
              group: ['pg', 'pg-*', 'nodemailer', 'nodemailer/*', 'smtp-server', 'mailparser'],
              message: 'IO libraries belong in activities, never in workflow or domain code.',
            },
            {
              group: ['http', 'https', 'undici', 'node-fetch', 'axios', 'fastify', 'fastify/*', '@fastify/*'],
              message: 'HTTP code belongs outside workflows.',
            },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
              message: 'Workflow code may import only @temporalio/workflow and @temporalio/common.',
            },
            {
              // retry-policies and failure-types are plain data (activity options, error type names).
              regex: '(^|/)(activities(/(?!(retry-policies|failure-types)$).*)?|(worker|store|mail|app|http|cli|config|dev|security)(/.*)?)$',
              allowTypeImports: true,
              message: 'Workflows import activities as types only (proxyActivities).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use durable timers.' },
        { name: 'process', message: 'No process access in workflow or domain code.' },
        { name: 'fetch', message: 'No IO in workflow or domain code.' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The domain module is pure: no Node built-ins.' })),
          patterns: [
            { group: ['@temporalio/*'], message: 'The domain module is pure: no Temporal imports.' },
            {
              group: [
                'pg',
                'nodemailer',
                'smtp-server',
                'fastify',
                ...['engine', 'store', 'mail', 'app', 'http', 'cli', 'config', 'dev', 'security'].flatMap((part) => [`**/${part}`, `**/${part}/**`]),
              ],
              message: 'The domain module is pure and imports only zod and itself.',
            },
          ],
        },
      ],
    },
  },
);
