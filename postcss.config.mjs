// Tailwind CSS 4 through its PostCSS plugin (Remix's built-in Tailwind support is for v3: `tailwind: false`).
export default {
  plugins: {
    "@tailwindcss/postcss": {},
  },
};
