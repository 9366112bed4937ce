pragma circom 2.1.5;

include "../personhood.circom";

component main {public [scope, message]} = Personhood(20);
