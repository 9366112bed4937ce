// Minimal typings for solc-js (it ships none).
declare module "solc" {
  const solc: {
    compile(input: string, callbacks?: { import: (path: string) => { contents: string } | { error: string } }): string;
    version(): string;
  };
  export default solc;
}

declare module "ejs" {
  const ejs: { render(template: string, data: object): string };
  export default ejs;
}
