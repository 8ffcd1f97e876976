package io.praetor.adapters.memory;

import io.praetor.ports.evidence.Signer;
import io.praetor.testkit.SignerContract;

class LocalKeySignerTest extends SignerContract {
    @Override
    protected Signer newSigner() {
        return LocalKeySigner.generate();
    }
}
