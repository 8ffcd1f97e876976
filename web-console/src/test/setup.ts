import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/react";

// CI shares two cores with the Java suites: give async queries room rather than flake
configure({ asyncUtilTimeout: 5000 });
