import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  recoverTypedDataAddress,
  type Transport,
  type WalletClient,
} from "viem";
import type { SignedVouch } from "./types.js";

/** The EIP-712 vouch the registry accepts in advanceState. */
export const VOUCH_TYPES = {
  IsHumanVoucher: [
    { name: "vouched", type: "address" },
    { name: "humanityId", type: "bytes20" },
    { name: "expirationTimestamp", type: "uint256" },
  ],
} as const;

/** What a vouch is for: the registry (its EIP-712 domain), the claimer, the ID and the expiry. */
export type VouchParams = {
  registry: Address;
  chainId: number;
  claimer: Address;
  humanityId: Hex;
  expirationTimestamp: bigint;
};

/** The EIP-712 typed data of an `IsHumanVoucher` vouch, as the registry's `vouchDigest` hashes it. */
export function vouchTypedData(params: VouchParams) {
  return {
    // PoH v2's domain: no version (docs/registry.md#signed-vouches).
    domain: { name: "Proof of Humanity", chainId: params.chainId, verifyingContract: params.registry },
    types: VOUCH_TYPES,
    primaryType: "IsHumanVoucher",
    message: {
      vouched: params.claimer,
      humanityId: params.humanityId,
      expirationTimestamp: params.expirationTimestamp,
    },
  } as const;
}

/**
 * Signs an EIP-712 `IsHumanVoucher` vouch with the wallet (which must own a registered humanity
 * when the vouch is used). Nothing is sent: the claimer passes it to advanceState.
 * @param params.expirationTimestamp Unix seconds after which the registry ignores it
 */
export async function signVouch(
  wallet: WalletClient<Transport, Chain, Account>,
  params: VouchParams,
): Promise<SignedVouch> {
  const signature = await wallet.signTypedData(vouchTypedData(params));
  return { expirationTimestamp: params.expirationTimestamp, signature };
}

/** The wallet that signed a vouch, or undefined when the signature is not a valid one. */
export function recoverVouchSigner(params: VouchParams & { signature: Hex }): Promise<Address | undefined> {
  return recoverTypedDataAddress({ ...vouchTypedData(params), signature: params.signature }).catch(() => undefined);
}
