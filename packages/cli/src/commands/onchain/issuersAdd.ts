import { addIssuerOnChain } from "@pop/contracts/actions/addIssuerOnChain";
import { CREDENTIAL_KINDS, parseKindList } from "@pop/protocol/attributes";
import { deploymentContext, rpcOption } from "../../chain.js";
import { defineCommand } from "../../command.js";
import { readIssuerFile } from "../../files.js";
import { addressOption } from "../registry/options.js";

export const issuersAddOnchain = defineCommand({
  name: "issuers add --onchain",
  usage: `pop issuers add --onchain --deployment d.json --issuer issuer.json
                [--kinds registry,biometric,kyc] [--registrar 0x…] [--rpc URL]
  Governance registers an issuer, the kinds it may issue and its registrar in the IssuerRegistry.`,
  options: {
    ...rpcOption,
    onchain: { type: "boolean" },
    deployment: { type: "string", required: true },
    issuer: { type: "string", required: true },
    kinds: { type: "string" },
    registrar: { type: "string" },
  },
  async run(options) {
    const kinds = parseKindList(options.kinds ?? CREDENTIAL_KINDS.join(","), "--kinds");
    const registrar = options.registrar === undefined ? undefined : addressOption(options.registrar, "registrar");
    const issuer = await readIssuerFile(options.issuer);
    const { connection, deployment } = await deploymentContext(options);
    const { tx, root, registrars } = await addIssuerOnChain(connection, {
      issuerRegistry: deployment.issuerRegistry,
      issuer,
      kinds,
      ...(registrar === undefined ? {} : { registrars: [registrar] }),
    });
    return { output: { issuerId: issuer.issuerId, registrar: registrars[0], root: root.toString(), tx } };
  },
});
