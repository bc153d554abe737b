// Strict lint: floating promises and non-exhaustive switches are errors; CI runs with --max-warnings 0.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'src/ui/public/**',
      'bench/results/**',
      '.data/**',
      'jest.config.js',
      'eslint.config.mjs',
      'scripts/*.mjs',
      'src/ui/web/src/generated/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // The boundaries of the house (README, "Architecture"), kept by lint rather than by review.
  // Later blocks replace the rule of earlier ones for their files: the general rule comes first.
  {
    files: ['src/*/**/*.ts'],
    ignores: ['src/*/*.service.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/*.repository', '../../*/*.repository'],
              allowTypeImports: true,
              message: "A module reaches another module's data through its service, never its repository.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'SQL and transactions belong to repositories and the UnitOfWork.' },
          ],
          patterns: [
            {
              group: ['../*/*.repository'],
              allowTypeImports: true,
              message: "Call the other module's service, not its repository.",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/models/algorithms/**/*.ts',
      'src/ab-tests/stats/**/*.ts',
      'src/drift/stats/**/*.ts',
      'src/savings/stats/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'pg',
                '**/database/*',
                '**/*.repository',
                '**/*.service',
                '**/entities/*',
              ],
              message:
                'The mathematics stays pure: typed numbers in, typed numbers out, no framework or database.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
