package dev.triage.trainer.finetune;

/**
 * Fine-tuning stopped because too many updates in a row had non-finite gradients: the run cannot
 * learn any more, and going on would only pretend to train. The message names the step, the first
 * non-finite parameter and the last good checkpoint to resume from.
 */
public final class NonFiniteGradientsException extends RuntimeException {

    public NonFiniteGradientsException(String message) {
        super(message);
    }
}
