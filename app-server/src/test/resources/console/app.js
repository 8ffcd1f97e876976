console.log("praetor test console");
