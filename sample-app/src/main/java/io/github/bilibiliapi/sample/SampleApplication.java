package io.github.bilibiliapi.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sample application: uses the starter exactly as a user would. */
@SpringBootApplication
public class SampleApplication {

    /**
     * Starts the sample.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
